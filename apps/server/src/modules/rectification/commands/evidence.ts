import type { Deps } from '../../../database.js';
import { readUpload } from '../../../kernel/attachments.js';
import { ok, refuse } from '../../../kernel/errors.js';
import { newId } from '../../../kernel/ids.js';
import type { Actor } from '../../../kernel/policy.js';
import { inTransaction } from '../../../kernel/tx.js';
import { authorizeItem, canProgress } from '../policy.js';
import { findItem } from '../queries.js';

export const MAX_EVIDENCE = 30;

/**
 * Evidence of progress: an image or PDF (by its bytes), images re-encoded without any metadata (a
 * phone's GPS position above all) and with a thumbnail for the timeline, kept with the timeline
 * entry it documents.
 * Not public until the office releases it.
 */
export async function attachEvidence(deps: Deps, actor: Actor, itemId: string, updateId: string | undefined, name: string, file: Buffer) {
  const item = await findItem(deps.db, itemId);
  if (!item) return refuse('not_found');
  authorizeItem(actor, item, canProgress);
  const upload = await readUpload(file, 'attachment', 'attachment_type');
  if (!upload.ok) return upload;
  const { mime: type, data, thumb } = upload.value;
  return inTransaction(deps.db, async (trx) => {
    // Evidence documents one entry of the timeline: the one named, else the latest.
    let entry = trx.selectFrom('rectification_updates').select('id').where('rectification_id', '=', itemId);
    entry = updateId ? entry.where('id', '=', updateId) : entry.orderBy('seq', 'desc').limit(1);
    const update = await entry.executeTakeFirst();
    if (!update) return refuse('not_found');
    const count = await trx.selectFrom('rectification_attachments').select((eb) => eb.fn.countAll<number>().as('n')).where('rectification_id', '=', itemId).executeTakeFirst();
    if (Number(count?.n ?? 0) >= MAX_EVIDENCE) return refuse('rect_attachments_full', { max: MAX_EVIDENCE });
    const id = newId();
    const clean = name.split(/[\\/]/).pop()!.slice(0, 200) || '附件';
    await trx.insertInto('rectification_attachments').values({ id, rectification_id: itemId, update_id: update.id, name: clean, mime: type, size: data.length, released: 0, data, thumb }).execute();
    return ok({ id, name: clean, mime: type, size: data.length });
  });
}
