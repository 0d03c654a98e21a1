import type { ChangePasswordBody } from '@massline/shared';
import { http } from '@/api/http';

export const authApi = {
  changePassword: (body: ChangePasswordBody) => http.post<{ ok: true }>('/api/auth/password', body),
};

/** The server's weak_password rule, from the shared contract. */
export { isStrongPassword } from '@massline/shared';
