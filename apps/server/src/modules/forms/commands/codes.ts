import type { Transaction } from 'kysely';
import { recordAudit } from '../../../kernel/audit.js';
import { ok, refuse } from '../../../kernel/errors.js';
import { atOrg, type Actor } from '../../../kernel/policy.js';
import { inTransaction } from '../../../kernel/tx.js';
import type { Database, Deps } from '../../../database.js';
import { generateCode, hashCode } from '../codes.js';
import { formsPolicy } from '../policy.js';
import { findFormWithOrg } from '../queries.js';

/**
 * Issue `count` one-time codes of a form for an organisation (within the form's own subtree).
 * Only their hashes are kept: the codes themselves are returned once, to be printed on slips.
 */
export async function generateCodes(deps: Deps, actor: Actor, formId: string, input: { orgId: string; count: number }) {
  return inTransaction(deps.db, async (trx) => {
    const form = await findFormWithOrg(trx, formId);
    const org = await trx.selectFrom('orgs').select(['id', 'path', 'name', 'archived_at']).where('id', '=', input.orgId).executeTakeFirst();
    if (!form || !org || !org.path.startsWith(form.org_path)) return refuse('not_found');
    formsPolicy.authorize(actor, 'form.codes', atOrg(org.path));
    if (form.distribution !== 'codes') return refuse('form_wrong_distribution');
    if (form.status === 'closed') return refuse('form_not_open');
    const codes = await insertUniqueCodes(trx, formId, org.id, input.count);
    await recordAudit(trx, deps, actor, {
      action: 'form.codes', entityType: 'form', entityId: formId, orgPath: org.path, summary: `为“${org.name}”生成 ${input.count} 个测评码（问卷“${form.title}”）`,
    });
    return ok({ codes });
  });
}

async function insertUniqueCodes(trx: Transaction<Database>, formId: string, orgId: string, count: number): Promise<string[]> {
  const codes = new Map<string, string>();
  while (codes.size < count) {
    const code = generateCode();
    codes.set(hashCode(formId, code), code);
  }
  // 2^40 codes per form: a clash with an earlier batch is improbable, but never silently merged.
  const hashes = [...codes.keys()];
  for (let i = 0; i < hashes.length; i += 400) {
    const taken = await trx.selectFrom('form_codes').select('code_hash').where('code_hash', 'in', hashes.slice(i, i + 400)).execute();
    for (const t of taken) codes.delete(t.code_hash);
  }
  if (codes.size < count) return [...codes.values(), ...(await insertUniqueCodes(trx, formId, orgId, count - codes.size))];
  const rows = [...codes.keys()].map((code_hash) => ({ code_hash, form_id: formId, org_id: orgId, used: 0 }));
  for (let i = 0; i < rows.length; i += 400) await trx.insertInto('form_codes').values(rows.slice(i, i + 400)).execute();
  return [...codes.values()];
}
