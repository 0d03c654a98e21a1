import type { Deps } from '../../../database.js';
import { readUpload } from '../../../kernel/attachments.js';
import { recordAudit } from '../../../kernel/audit.js';
import { ok, refuse, type Outcome } from '../../../kernel/errors.js';
import { newId } from '../../../kernel/ids.js';
import type { Actor } from '../../../kernel/policy.js';
import { inTransaction } from '../../../kernel/tx.js';
import { authorizeMeeting } from '../policy.js';
import { findMeeting } from '../queries.js';

/**
 * A file of the meeting (sign-in sheet, photos, slides): typed by its content, photos re-encoded
 * without their metadata, with a thumbnail. The photo is re-encoded before the transaction opens,
 * so no write lock waits on it; its refusal still comes after the meeting's own checks.
 */
export async function addFile(deps: Deps, actor: Actor, id: string, name: string, body: Buffer): Promise<Outcome<{ id: string }>> {
  const file = await readUpload(body, 'staff', 'meeting_file_type');
  return inTransaction(deps.db, async (trx) => {
    const m = await findMeeting(trx, id, actor);
    if (!m) return refuse('not_found');
    authorizeMeeting(actor, 'meeting.manage', m.at);
    if (!file.ok) return file;
    const { mime, data, thumb } = file.value;
    const fileId = newId();
    await trx.insertInto('meeting_files').values({ id: fileId, meeting_id: id, name, mime, size: data.length, data, thumb, created_by: actor.accountId, created_at: deps.clock.now().toISOString() }).execute();
    await recordAudit(trx, deps, actor, { action: 'meeting.file_add', entityType: 'meeting', entityId: id, orgPath: m.org_path, summary: `为“${m.title}”上传附件“${name}”` });
    return ok({ id: fileId });
  });
}

export function removeFile(deps: Deps, actor: Actor, id: string, fileId: string): Promise<Outcome<{ id: string }>> {
  return inTransaction(deps.db, async (trx) => {
    const m = await findMeeting(trx, id, actor);
    if (!m) return refuse('not_found');
    authorizeMeeting(actor, 'meeting.manage', m.at);
    const file = await trx.selectFrom('meeting_files').select('name').where('id', '=', fileId).where('meeting_id', '=', id).executeTakeFirst();
    if (!file) return refuse('not_found');
    await trx.deleteFrom('meeting_files').where('id', '=', fileId).execute();
    await recordAudit(trx, deps, actor, { action: 'meeting.file_remove', entityType: 'meeting', entityId: id, orgPath: m.org_path, summary: `删除“${m.title}”的附件“${file.name}”` });
    return ok({ id: fileId });
  });
}
