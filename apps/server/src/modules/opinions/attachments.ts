import { randomUUID } from 'node:crypto';
import { readUpload } from '../../kernel/attachments.js';
import { ok, refuse } from '../../kernel/errors.js';
import { inTransaction } from '../../kernel/tx.js';
import type { Deps } from '../../database.js';

export const MAX_ATTACHMENTS = 9;

/**
 * Keep a file with an opinion, recognised by its bytes: photos re-encoded without any metadata
 * (the phone's GPS position above all) and with a thumbnail. Staff may add a PDF; the sender
 * (by receipt, often anonymous) photos only, since a PDF keeps its author's name.
 */
export async function attach(deps: Deps, opinionId: string, name: string, file: Buffer, from: 'staff' | 'sender') {
  const upload = await readUpload(file, from === 'sender' ? 'resident' : 'attachment', 'attachment_type');
  if (!upload.ok) return upload;
  const { mime: type, data, thumb } = upload.value;
  return inTransaction(deps.db, async (trx) => {
    const count = await trx.selectFrom('opinion_attachments').select((eb) => eb.fn.countAll<number>().as('n')).where('opinion_id', '=', opinionId).executeTakeFirst();
    if (Number(count?.n ?? 0) >= MAX_ATTACHMENTS) return refuse('attachments_full', { max: MAX_ATTACHMENTS });
    const id = randomUUID();
    // The name as the sender gave it, minus any path: it is only ever shown, never used to store.
    const clean = name.split(/[\\/]/).pop()!.slice(0, 200) || '附件';
    await trx.insertInto('opinion_attachments').values({ id, opinion_id: opinionId, message_id: null, name: clean, mime: type, size: data.length, data, thumb }).execute();
    return ok({ id, name: clean, mime: type, size: data.length });
  });
}
