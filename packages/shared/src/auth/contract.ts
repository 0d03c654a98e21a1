import { z } from 'zod';
import { Id, Role, text } from '../common.js';

export const LoginBody = z.strictObject({
  username: text().min(1).max(64),
  password: z.string().min(1).max(200),
});
export type LoginBody = z.infer<typeof LoginBody>;

export const ChangePasswordBody = z.strictObject({
  currentPassword: z.string().min(1).max(200),
  newPassword: z.string().min(1).max(200),
});
export type ChangePasswordBody = z.infer<typeof ChangePasswordBody>;

export const GrantSummary = z.object({
  id: Id,
  role: Role,
  orgId: Id.nullable(),
  orgName: z.string().nullable(),
});

export const Me = z.object({
  account: z.object({ id: Id, username: z.string(), mustChangePassword: z.boolean() }),
  person: z.object({ id: Id, name: z.string() }),
  grants: z.array(GrantSummary),
  /** Actions the caller may perform somewhere: lets the UI show only what can be done. */
  abilities: z.array(z.string()),
});
export type Me = z.infer<typeof Me>;
