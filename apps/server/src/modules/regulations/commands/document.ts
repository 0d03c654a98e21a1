import type { Deps } from '../../../database.js';
import { recordAudit } from '../../../kernel/audit.js';
import { sniffDocument } from '../../../kernel/attachments.js';
import { ok, refuse, type Outcome } from '../../../kernel/errors.js';
import type { Actor } from '../../../kernel/policy.js';
import { inTransaction } from '../../../kernel/tx.js';
import { authorizeManage } from '../policy.js';
import { findRegulation } from '../queries.js';

/**
 * Keep a rule's document, replacing any before it: PDF or Word .docx only, recognised by its bytes
 * whatever name or type the client gave. The size limit is the route's body limit.
 */
export function setDocument(deps: Deps, actor: Actor, id: string, name: string | undefined, file: Buffer) {
  return inTransaction(deps.db, async (trx): Promise<Outcome<{ id: string }>> => {
    const r = await findRegulation(trx, id);
    if (!r) return refuse('not_found');
    authorizeManage(actor, r.org_path);
    const mime = sniffDocument(file);
    if (!mime) return refuse('regulation_document_type');
    // The name as given, minus any path, with the extension its content deserves.
    const base = ((name ?? '').split(/[\\/]/).pop() ?? '').replace(/\.(pdf|docx?)$/i, '').trim().slice(0, 180) || r.title.slice(0, 180);
    const clean = `${base}.${mime === 'application/pdf' ? 'pdf' : 'docx'}`;
    await trx.updateTable('regulations').set({
      doc_name: clean, doc_mime: mime, doc_size: file.length, doc_data: file, updated_at: deps.clock.now().toISOString(),
    }).where('id', '=', id).execute();
    await recordAudit(trx, deps, actor, {
      action: 'regulation.document', entityType: 'regulation', entityId: id, orgPath: r.org_path,
      summary: `${r.doc_name ? '替换' : '上传'}制度“${r.title}”的文件“${clean}”（${Math.max(1, Math.round(file.length / 1024))} KB）`,
    });
    return ok({ id });
  });
}
