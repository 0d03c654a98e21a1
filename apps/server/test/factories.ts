import type { FastifyInstance, InjectOptions } from 'fastify';
import type { Role } from '@massline/shared';
import { buildApp } from '../src/app.js';
import { newId } from '../src/kernel/ids.js';
import { hashPassword } from '../src/kernel/passwords.js';
import { createSession } from '../src/modules/auth/sessions.js';
import type { Config } from '../src/kernel/config.js';
import { createTestDeps, type TestDeps } from './db.js';

export const PASSWORD = 'secret123';
let passwordHash: Promise<string> | null = null;
/** scrypt is slow on purpose: hash the shared test password once per file. */
const sharedHash = () => (passwordHash ??= hashPassword(PASSWORD));

/**
 * The tree every authorization test is placed in. The roles under test are granted on `own`:
 *   root ── own ── child
 *        └─ sibling
 *   other (a second, unrelated tree)
 * so `root` is the parent of `own`, `sibling` its sibling, `child` its child.
 */
export const positions = ['own', 'child', 'parent', 'sibling', 'other'] as const;
export type Position = (typeof positions)[number];

export interface Tree {
  orgs: Record<'root' | 'own' | 'child' | 'sibling' | 'other', { id: string; path: string; name: string }>;
  /** Where each position is, as an org key. */
  at: Record<Position, 'root' | 'own' | 'child' | 'sibling' | 'other'>;
  /** One person per org (no account). */
  members: Record<'root' | 'own' | 'child' | 'sibling' | 'other', string>;
  /** A person with an account per role, granted on `own` (admin: system-wide). */
  users: Record<Role, { personId: string; accountId: string; username: string }>;
}

export async function insertOrg(deps: TestDeps, name: string, parent: { id: string; path: string } | null, kind = 'village') {
  const id = newId();
  const now = deps.clock.now().toISOString();
  const path = `${parent?.path ?? '/'}${id}/`;
  await deps.db.insertInto('orgs').values({ id, parent_id: parent?.id ?? null, path, name, kind, sort_order: 0, archived_at: null, created_at: now, updated_at: now }).execute();
  return { id, path, name };
}

export async function insertPerson(deps: TestDeps, name: string, orgIds: string[], extra: { phone?: string } = {}) {
  const id = newId();
  const now = deps.clock.now().toISOString();
  await deps.db.insertInto('people').values({ id, name, gender: null, phone: extra.phone ?? null, position: null, party_member: 0, archived_at: null, created_at: now, updated_at: now }).execute();
  if (orgIds.length) await deps.db.insertInto('memberships').values(orgIds.map((org_id) => ({ person_id: id, org_id, created_at: now }))).execute();
  return id;
}

export async function insertAccount(deps: TestDeps, personId: string, username: string, opts: { mustChange?: boolean } = {}) {
  const id = newId();
  const now = deps.clock.now().toISOString();
  await deps.db.insertInto('accounts').values({
    id, person_id: personId, username, password_hash: await sharedHash(), must_change_password: opts.mustChange ? 1 : 0,
    failed_logins: 0, locked_until: null, disabled_at: null, last_login_at: null, created_at: now, updated_at: now,
  }).execute();
  return id;
}

export async function insertGrant(deps: TestDeps, personId: string, role: Role, orgId: string | null) {
  const id = newId();
  await deps.db.insertInto('grants').values({ id, person_id: personId, role, org_id: orgId, created_at: deps.clock.now().toISOString(), created_by: null }).execute();
  return id;
}

export async function seedTree(deps: TestDeps): Promise<Tree> {
  const root = await insertOrg(deps, '示范镇党委', null, 'committee');
  const own = await insertOrg(deps, '红旗村党支部', root);
  const child = await insertOrg(deps, '红旗村第一党小组', own, 'other');
  const sibling = await insertOrg(deps, '青山村党支部', root);
  const other = await insertOrg(deps, '另一镇党委', null, 'committee');
  const orgs = { root, own, child, sibling, other };
  const members = {} as Tree['members'];
  for (const [key, org] of Object.entries(orgs)) members[key as keyof typeof orgs] = await insertPerson(deps, `成员${org.name}`, [org.id]);
  const users = {} as Tree['users'];
  const roles: Role[] = ['admin', 'office', 'secretary', 'cadre', 'inspector', 'surveyor'];
  for (const role of roles) {
    const personId = await insertPerson(deps, `${role}用户`, [own.id]);
    const accountId = await insertAccount(deps, personId, role);
    await insertGrant(deps, personId, role, role === 'admin' ? null : own.id);
    users[role] = { personId, accountId, username: role };
  }
  return { orgs, members, users, at: { own: 'own', child: 'child', parent: 'root', sibling: 'sibling', other: 'other' } };
}

export interface TestApp {
  app: FastifyInstance;
  deps: TestDeps;
  tree: Tree;
  /** A session cookie for a user, made directly (a real login costs a slow scrypt check). */
  tokenFor(role: Role | string): Promise<string>;
  /** inject() as a signed-in user, from our own origin. */
  as(who: Role | string | null, opts: InjectOptions): ReturnType<FastifyInstance['inject']>;
  close(): Promise<void>;
}

export async function createTestApp(overrides: Partial<Config> = {}): Promise<TestApp> {
  const deps = await createTestDeps(overrides);
  const tree = await seedTree(deps);
  const app = await buildApp(deps);
  const tokens = new Map<string, string>();
  const tokenFor = async (who: string) => {
    if (!tokens.has(who)) {
      const account = await deps.db.selectFrom('accounts').select('id').where('username', '=', who).executeTakeFirstOrThrow();
      tokens.set(who, await createSession(deps, deps.db, account.id));
    }
    return tokens.get(who)!;
  };
  return {
    app, deps, tree, tokenFor,
    async as(who, opts) {
      const headers: Record<string, string> = { host: 'massline.test', origin: 'http://massline.test', ...(opts.headers as Record<string, string>) };
      if (who) headers.cookie = `massline_sid=${await tokenFor(who)}`;
      return app.inject({ ...opts, headers });
    },
    async close() {
      await app.close();
      await deps.close();
    },
  };
}
