import type { Deps } from '../../../database.js';
import { readUpload } from '../../../kernel/attachments.js';
import { recordAudit } from '../../../kernel/audit.js';
import { ok, refuse, type Outcome } from '../../../kernel/errors.js';
import { atOrg, type Actor } from '../../../kernel/policy.js';
import { inTransaction } from '../../../kernel/tx.js';
import { evidenceTask } from './commands.js';
import { tasksPolicy } from './policy.js';

/**
 * The file given with an org's evidence (a photo of the sign-in sheet, the summary as PDF or Word),
 * typed by its content, photos re-encoded without their metadata, with a thumbnail. One file per
 * evidence: a new one replaces it. It goes with the written note, so the note comes first; a
 * confirmed evidence is closed. The photo is re-encoded before the transaction opens, so no write
 * lock waits on it; its refusal still comes after the checks of the task.
 */
export async function attachEvidenceFile(deps: Deps, actor: Actor, campaignId: string, taskId: string, orgId: string, name: string, body: Buffer): Promise<Outcome<{ id: string }>> {
  const file = await readUpload(body, 'staff', 'task_evidence_file_type');
  return inTransaction(deps.db, async (trx) => {
    const found = await evidenceTask(trx, actor, campaignId, taskId, orgId);
    if (!found) return refuse('not_found');
    tasksPolicy.authorize(actor, 'task.evidence', atOrg(found.org.path));
    if (JSON.parse(found.task.rule).kind !== 'evidence') return refuse('task_not_evidence');
    const e = await trx.selectFrom('task_evidence').select(['id', 'status']).where('task_id', '=', taskId).where('org_id', '=', orgId).executeTakeFirst();
    if (!e) return refuse('task_evidence_note_first');
    if (e.status === 'confirmed') return refuse('task_evidence_confirmed');
    if (!file.ok) return file;
    await trx.updateTable('task_evidence').set({ file_name: name, file_mime: file.value.mime, file_data: file.value.data, file_thumb: file.value.thumb }).where('id', '=', e.id).execute();
    await recordAudit(trx, deps, actor, {
      action: 'task.evidence_file', entityType: 'campaign', entityId: campaignId, orgPath: found.org.path,
      summary: `“${found.org.name}”为“${found.task.title}”上传附件“${name}”`,
    });
    return ok({ id: e.id });
  });
}

export function removeEvidenceFile(deps: Deps, actor: Actor, campaignId: string, taskId: string, orgId: string): Promise<Outcome<{ id: string }>> {
  return inTransaction(deps.db, async (trx) => {
    const found = await evidenceTask(trx, actor, campaignId, taskId, orgId);
    if (!found) return refuse('not_found');
    tasksPolicy.authorize(actor, 'task.evidence', atOrg(found.org.path));
    const e = await trx.selectFrom('task_evidence').select(['id', 'status', 'file_name']).where('task_id', '=', taskId).where('org_id', '=', orgId).executeTakeFirst();
    if (!e?.file_name) return refuse('not_found');
    if (e.status === 'confirmed') return refuse('task_evidence_confirmed');
    await trx.updateTable('task_evidence').set({ file_name: null, file_mime: null, file_data: null, file_thumb: null }).where('id', '=', e.id).execute();
    await recordAudit(trx, deps, actor, {
      action: 'task.evidence_file_remove', entityType: 'campaign', entityId: campaignId, orgPath: found.org.path,
      summary: `“${found.org.name}”删除“${found.task.title}”的附件“${e.file_name}”`,
    });
    return ok({ id: e.id });
  });
}
