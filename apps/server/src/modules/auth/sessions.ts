import { createHash, randomBytes } from 'node:crypto';
import type { Role } from '@massline/shared';
import type { Actor } from '../../kernel/policy.js';
import type { Deps } from '../../database.js';

/**
 * A session ends after `config.sessionIdleMinutes` unused (default 30: 等保 2.0 wants idle sessions
 * to time out), and after 7 days whatever happens.
 */
export const SESSION_MAX_MS = 7 * 24 * 3600_000;
const idleMs = (deps: Deps): number => deps.config.sessionIdleMinutes * 60_000;
/**
 * Extending the expiry on every request would turn every read into a write: it is extended at
 * most once a minute (more often only if the idle time is under two minutes).
 */
const touchAfterMs = (deps: Deps): number => Math.min(60_000, idleMs(deps) / 2);

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export async function createSession(deps: Deps, trx: Deps['db'], accountId: string): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const now = deps.clock.now();
  await trx
    .insertInto('sessions')
    .values({
      id: hashToken(token),
      account_id: accountId,
      created_at: now.toISOString(),
      last_seen_at: now.toISOString(),
      expires_at: new Date(now.getTime() + idleMs(deps)).toISOString(),
    })
    .execute();
  return token;
}

interface LoadedSession {
  actor: Actor;
  expiresAt: number;
  lastSeenAt: number;
}

/** The actor behind a session cookie, or null if the session is unknown, expired or its account disabled. */
export async function resolveSession(deps: Deps, token: string): Promise<Actor | null> {
  return (await loadSession(deps, token))?.actor ?? null;
}

async function loadSession(deps: Deps, token: string): Promise<LoadedSession | null> {
  const { db, clock } = deps;
  const id = hashToken(token);
  const now = clock.now();
  // One query for the session, its account, person and grants (a row per grant).
  const rows = await db
    .selectFrom('sessions as s')
    .innerJoin('accounts as a', 'a.id', 's.account_id')
    .innerJoin('people as p', 'p.id', 'a.person_id')
    .leftJoin('grants as g', 'g.person_id', 'p.id')
    .leftJoin('orgs as o', 'o.id', 'g.org_id')
    .select([
      's.created_at', 's.last_seen_at', 's.expires_at', 'a.id as account_id', 'a.username', 'a.must_change_password', 'a.disabled_at',
      'p.id as person_id', 'p.name', 'p.archived_at as person_archived_at', 'g.role', 'g.org_id', 'o.path', 'o.archived_at',
    ])
    .where('s.id', '=', id)
    .execute();
  const row = rows[0];
  if (!row || row.disabled_at || row.person_archived_at || row.expires_at <= now.toISOString()) return null;
  // Idle for longer than the idle time configured now (it may have been lowered since the expiry was written).
  if (Date.parse(row.last_seen_at) + idleMs(deps) <= now.getTime()) return null;

  let lastSeenAt = Date.parse(row.last_seen_at);
  let expiresAt = Date.parse(row.expires_at);
  if (now.getTime() - lastSeenAt > touchAfterMs(deps)) {
    lastSeenAt = now.getTime();
    expiresAt = Math.min(now.getTime() + idleMs(deps), Date.parse(row.created_at) + SESSION_MAX_MS);
    await db.updateTable('sessions').set({ last_seen_at: now.toISOString(), expires_at: new Date(expiresAt).toISOString() }).where('id', '=', id).execute();
  }
  const actor: Actor = {
    accountId: row.account_id,
    personId: row.person_id,
    username: row.username,
    name: row.name,
    sessionId: id,
    mustChangePassword: row.must_change_password === 1,
    // A role on an archived organisation no longer grants anything.
    grants: rows
      .filter((g) => g.role !== null && (g.org_id === null || (g.path && !g.archived_at)))
      .map((g) => ({ role: g.role as Role, orgId: g.org_id, orgPath: g.path ?? null })),
  };
  return { actor, expiresAt, lastSeenAt };
}

/**
 * Resolve sessions through a per-process cache. An entry is used only while nothing it was built
 * from has changed anywhere: the `directory` counter (accounts, people, grants, orgs) and the
 * `sessions_ended` counter (logout, password change or reset, in any process) must be the ones
 * read for this request; past its expiry, or when it is due for its once-a-minute touch, the
 * session is read again.
 */
export function cachedSessionResolver(deps: Deps, maxEntries = 10_000) {
  const cache = new Map<string, LoadedSession & { directory: number; sessionsEnded: number }>();
  return async (token: string, counters: Record<string, number>): Promise<Actor | null> => {
    const id = hashToken(token);
    const now = deps.clock.now().getTime();
    const hit = cache.get(id);
    if (
      hit && hit.directory === counters.directory && hit.sessionsEnded === counters.sessions_ended &&
      now < hit.expiresAt && now - hit.lastSeenAt <= touchAfterMs(deps)
    ) {
      return hit.actor;
    }
    cache.delete(id);
    const loaded = await loadSession(deps, token);
    if (!loaded) return null;
    if (cache.size >= maxEntries) cache.delete(cache.keys().next().value as string);
    cache.set(id, { ...loaded, directory: counters.directory, sessionsEnded: counters.sessions_ended });
    return loaded.actor;
  };
}
