import { randomUUID } from 'node:crypto';
import { sniffType, stripMetadata } from '../../kernel/attachments.js';
import { ok, refuse } from '../../kernel/errors.js';
import { inTransaction } from '../../kernel/tx.js';
import type { Deps } from '../../database.js';

export const MAX_ATTACHMENTS = 9;

/**
 * Keep a file with an opinion: only images and PDF, recognised by their bytes; images stripped of
 * their metadata (the phone's GPS position above all) before anything is stored.
 */
export async function attach(deps: Deps, opinionId: string, name: string, file: Buffer) {
  const type = sniffType(file);
  if (!type) return refuse('attachment_type');
  const data = stripMetadata(file, type);
  return inTransaction(deps.db, async (trx) => {
    const count = await trx.selectFrom('opinion_attachments').select((eb) => eb.fn.countAll<number>().as('n')).where('opinion_id', '=', opinionId).executeTakeFirst();
    if (Number(count?.n ?? 0) >= MAX_ATTACHMENTS) return refuse('attachments_full', { max: MAX_ATTACHMENTS });
    const id = randomUUID();
    // The name as the sender gave it, minus any path: it is only ever shown, never used to store.
    const clean = name.split(/[\\/]/).pop()!.slice(0, 200) || '附件';
    await trx.insertInto('opinion_attachments').values({ id, opinion_id: opinionId, message_id: null, name: clean, mime: type, size: data.length, data }).execute();
    return ok({ id, name: clean, mime: type, size: data.length });
  });
}
