import { z } from 'zod';

export const roles = ['admin', 'office', 'secretary', 'cadre', 'inspector', 'surveyor'] as const;
export const Role = z.enum(roles);
export type Role = z.infer<typeof Role>;
/** Roles granted on an organisation; `admin` is system-wide and has no organisation. */
export const orgRoles = ['office', 'secretary', 'cadre', 'inspector', 'surveyor'] as const;
export const OrgRole = z.enum(orgRoles);

export const Id = z.string().min(1).max(64);
export const IdParams = z.strictObject({ id: Id });

/** Keyset page: `next` is an opaque cursor for the following page, null at the end. */
export const pageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), next: z.string().nullable() });

export const Ok = z.object({ ok: z.literal(true) });

export const ErrorResponse = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});
