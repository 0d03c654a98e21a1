import type { Deps } from '../../../database.js';
import { ok, refuse, type Outcome } from '../../../kernel/errors.js';
import type { Actor } from '../../../kernel/policy.js';
import { inTransaction } from '../../../kernel/tx.js';
import { findOwn, markRead, type NotificationRow } from '../queries.js';

/*
 * Reading one's own notifications changes nothing anyone else sees, so unlike the domain's
 * commands these write no audit entry (it would grow by every click on the bell).
 */

/** Mark one of the caller's own notifications read; anyone else's is not found. */
export function markOneRead(deps: Deps, actor: Actor, id: string): Promise<Outcome<NotificationRow, 'not_found'>> {
  return inTransaction(deps.db, async (trx) => {
    await markRead(trx, actor.personId, [id], deps.clock.now().toISOString());
    const row = await findOwn(trx, actor.personId, id);
    return row ? ok(row) : refuse('not_found');
  });
}

/** Mark every unread notification of the caller read. */
export function markAllRead(deps: Deps, actor: Actor): Promise<Outcome<{ marked: number }, never>> {
  return inTransaction(deps.db, async (trx) => ok({ marked: await markRead(trx, actor.personId, 'all', deps.clock.now().toISOString()) }));
}
