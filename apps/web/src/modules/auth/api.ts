import type { ChangePasswordBody } from '@massline/shared';
import { http } from '@/api/http';

export const authApi = {
  changePassword: (body: ChangePasswordBody) => http.post<{ ok: true }>('/api/auth/password', body),
};

/** Mirrors the server's weak_password rule: at least 8 characters with letters and digits. */
export function isStrongPassword(value: string): boolean {
  return value.length >= 8 && /[A-Za-z]/.test(value) && /\d/.test(value);
}
