import type { Grant, Org, OrgKind, Person } from '@massline/shared';
import type { Actor } from '../../kernel/policy.js';
import { coversAll, orgAbilities, orgsPolicy } from './policy.js';
import type { GrantRow, PersonRow } from './queries.js';

interface OrgRowLike {
  id: string;
  parent_id: string | null;
  name: string;
  kind: string;
  path: string;
  archived_at: string | null;
  member_count?: number | string | null;
}

export const presentOrg = (actor: Actor, o: OrgRowLike): Org => ({
  id: o.id,
  parentId: o.parent_id,
  name: o.name,
  kind: o.kind as OrgKind,
  archived: o.archived_at !== null,
  memberCount: Number(o.member_count ?? 0),
  // An archived organisation can only be restored (org.archive covers both directions).
  abilities: o.archived_at ? orgAbilities(actor, o.path).filter((a) => a === 'org.archive') : orgAbilities(actor, o.path),
});

const personActions = ['person.update', 'account.manage'] as const;

/**
 * `memberships` are those shown to the caller; `paths` are all of the person's organisations,
 * which decide what the caller may do with them.
 */
export const presentPerson = (actor: Actor, p: PersonRow, memberships: { org_id: string; org_name: string }[], paths: string[]): Person => ({
  id: p.id,
  name: p.name,
  gender: (p.gender as Person['gender']) ?? null,
  phone: p.phone,
  position: p.position,
  partyMember: Number(p.party_member) === 1,
  archived: p.archived_at !== null,
  memberships: memberships.map((m) => ({ orgId: m.org_id, orgName: m.org_name })),
  username: p.username ?? null,
  // Editing who someone is needs every one of their organisations (see updatePerson).
  abilities: personActions.filter((a) => (a === 'person.update' ? coversAll(actor, a, paths) : orgsPolicy.can(actor, a, { paths }))),
});

export const presentGrant = (g: GrantRow): Grant => ({
  id: g.id,
  personId: g.person_id,
  personName: g.person_name,
  role: g.role as Grant['role'],
  orgId: g.org_id,
  orgName: g.org_name ?? null,
  createdAt: g.created_at,
});
