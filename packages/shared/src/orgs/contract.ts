import { z } from 'zod';
import { Id, OrgRole, Role, pageOf, text } from '../common.js';

export const orgKinds = ['committee', 'agency', 'village', 'community', 'enterprise', 'school', 'other'] as const;
export const OrgKind = z.enum(orgKinds);
export type OrgKind = z.infer<typeof OrgKind>;

const OrgName = text().min(1).max(100);

export const Org = z.object({
  id: Id,
  parentId: Id.nullable(),
  name: z.string(),
  kind: OrgKind,
  archived: z.boolean(),
  memberCount: z.number().int(),
  /** What the caller may do on this organisation (org.update, org.move, person.create, …). */
  abilities: z.array(z.string()),
});
export type Org = z.infer<typeof Org>;
export const OrgList = z.object({ items: z.array(Org) });

export const OrgCreateBody = z.strictObject({ parentId: Id.nullable(), name: OrgName, kind: OrgKind });
export type OrgCreateBody = z.infer<typeof OrgCreateBody>;
export const OrgUpdateBody = z.strictObject({ name: OrgName.optional(), kind: OrgKind.optional() });
export type OrgUpdateBody = z.infer<typeof OrgUpdateBody>;
export const OrgMoveBody = z.strictObject({ parentId: Id });
export type OrgMoveBody = z.infer<typeof OrgMoveBody>;
export const OrgListQuery = z.strictObject({ includeArchived: z.enum(['true', 'false']).optional() });

export const genders = ['male', 'female'] as const;
export const Gender = z.enum(genders);
/** Mainland mobile numbers: 11 digits starting with 1[3-9]. */
export const Phone = text().regex(/^1[3-9]\d{9}$/);

export const Membership = z.object({ orgId: Id, orgName: z.string() });

export const Person = z.object({
  id: Id,
  name: z.string(),
  gender: Gender.nullable(),
  phone: z.string().nullable(),
  position: z.string().nullable(),
  partyMember: z.boolean(),
  archived: z.boolean(),
  memberships: z.array(Membership),
  username: z.string().nullable(),
  /** What the caller may do with this person: person.update, account.manage. */
  abilities: z.array(z.string()),
});
export type Person = z.infer<typeof Person>;
export const PersonPage = pageOf(Person);
export type PersonPage = z.infer<typeof PersonPage>;

const PersonFields = {
  name: text().min(1).max(50),
  gender: Gender.nullable(),
  phone: Phone.nullable(),
  position: text().max(100).nullable(),
  partyMember: z.boolean(),
};
export const PersonCreateBody = z.strictObject({
  ...PersonFields,
  gender: PersonFields.gender.default(null),
  phone: PersonFields.phone.default(null),
  position: PersonFields.position.default(null),
  partyMember: PersonFields.partyMember.default(false),
  orgIds: z.array(Id).min(1).max(20),
});
export type PersonCreateBody = z.infer<typeof PersonCreateBody>;
export const PersonUpdateBody = z.strictObject({
  name: PersonFields.name.optional(),
  gender: PersonFields.gender.optional(),
  phone: PersonFields.phone.optional(),
  position: PersonFields.position.optional(),
  partyMember: PersonFields.partyMember.optional(),
  orgIds: z.array(Id).min(1).max(20).optional(),
  archived: z.boolean().optional(),
});
export type PersonUpdateBody = z.infer<typeof PersonUpdateBody>;

export const PeopleQuery = z.strictObject({
  orgId: Id.optional(),
  q: text().max(50).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(400).optional(),
  includeArchived: z.enum(['true', 'false']).optional(),
});
export type PeopleQuery = z.infer<typeof PeopleQuery>;

export const AccountCreateBody = z.strictObject({
  username: text().min(3).max(32).regex(/^[A-Za-z0-9_.-]+$/),
  password: z.string().min(1).max(200),
});
export type AccountCreateBody = z.infer<typeof AccountCreateBody>;
export const PasswordResetBody = z.strictObject({ password: z.string().min(1).max(200) });
export type PasswordResetBody = z.infer<typeof PasswordResetBody>;

export const Grant = z.object({
  id: Id,
  personId: Id,
  personName: z.string(),
  role: Role,
  orgId: Id.nullable(),
  orgName: z.string().nullable(),
  createdAt: z.string(),
});
export type Grant = z.infer<typeof Grant>;
export const GrantList = z.object({ items: z.array(Grant) });
export const GrantCreateBody = z.union([
  z.strictObject({ personId: Id, role: OrgRole, orgId: Id }),
  z.strictObject({ personId: Id, role: z.literal('admin'), orgId: z.null() }),
]);
export type GrantCreateBody = z.infer<typeof GrantCreateBody>;
export const GrantListQuery = z.strictObject({ orgId: Id.optional(), personId: Id.optional() });

/** One bad cell of an imported roster, reported in Chinese. */
export const RosterRowError = z.object({ row: z.number().int(), column: z.string(), reason: z.string() });
export type RosterRowError = z.infer<typeof RosterRowError>;
export const RosterImportResult = z.object({ created: z.number().int(), updated: z.number().int() });
export type RosterImportResult = z.infer<typeof RosterImportResult>;
/** Column headers of the roster sheet (花名册), in order. */
export const rosterColumns = ['姓名', '性别', '手机号', '职务', '是否党员', '所属组织'] as const;
