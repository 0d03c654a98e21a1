import { createHash, randomUUID } from 'node:crypto';
import { FormDefinition, validateAnswers, type AnswerError, type Answers, type SubmitBody } from '@massline/shared';
import type { Transaction } from 'kysely';
import { isUniqueViolation } from '../../../kernel/db.js';
import { ok, refuse, type Outcome } from '../../../kernel/errors.js';
import { inTransaction } from '../../../kernel/tx.js';
import type { Database, Deps } from '../../../database.js';
import { hashCode } from '../codes.js';
import { addToTallies, scopesOf } from '../tallies.js';

type SubmitRefusal = 'not_found' | 'form_not_open' | 'unauthenticated' | 'answers_invalid' | 'code_required' | 'code_invalid' | 'code_used' | 'org_invalid';

/**
 * Store one response. For a ballot the code is consumed in the same transaction, by one guarded
 * update, so of any number of simultaneous submissions with one code exactly one succeeds. What
 * is stored cannot be traced back: a random id, the day only, no code, no account, no address;
 * no audit entry either, since it would keep the moment. A retry with the same idempotency key
 * gets the first outcome back.
 */
export async function submitResponse(deps: Deps, formId: string, input: SubmitBody): Promise<Outcome<{ duplicate: boolean }, SubmitRefusal>> {
  const form = await deps.db.selectFrom('forms').select(['id', 'org_id', 'status', 'distribution', 'definition']).where('id', '=', formId).executeTakeFirst();
  if (!form || form.status === 'draft') return refuse('not_found');
  const keyHash = receiptKey(formId, input.idempotencyKey);
  const receipt = () => deps.db.selectFrom('submission_receipts').select('key_hash').where('key_hash', '=', keyHash).executeTakeFirst();
  if (await receipt()) return ok({ duplicate: true });
  if (form.status !== 'open') return refuse('form_not_open');
  // Forms for named respondents are answered signed in, not through the public page.
  if (form.distribution === 'named') return refuse('unauthenticated');
  if (form.distribution === 'codes' && !input.code) return refuse('code_required');

  const definition = FormDefinition.parse(JSON.parse(form.definition));
  const checked = validateAnswers(definition, input.answers);
  if (!checked.ok) return refuse('answers_invalid', { count: new Set(checked.errors.map((e) => e.question)).size }, checked.errors satisfies AnswerError[]);

  const day = deps.clock.now().toISOString().slice(0, 10);
  let linkOrg: string | null = null;
  if (input.orgId && form.distribution === 'open') {
    const org = await deps.db.selectFrom('orgs').select('path').where('id', '=', input.orgId).executeTakeFirst();
    const formOrg = await deps.db.selectFrom('orgs').select('path').where('id', '=', form.org_id).executeTakeFirst();
    if (!org || !formOrg || !org.path.startsWith(formOrg.path)) return refuse('org_invalid');
    linkOrg = input.orgId;
  }
  try {
    return await inTransaction<Database, { duplicate: boolean }, SubmitRefusal>(deps.db, async (trx) => {
      let orgId = linkOrg;
      if (form.distribution === 'codes') {
        const codeHash = hashCode(formId, input.code!);
        const used = await trx.updateTable('form_codes').set({ used: 1 }).where('code_hash', '=', codeHash).where('used', '=', 0).returning('org_id').executeTakeFirst();
        if (!used) {
          // The winner of a race with the same key (a retry) has committed by now: its receipt answers.
          if (await trx.selectFrom('submission_receipts').select('key_hash').where('key_hash', '=', keyHash).executeTakeFirst()) return ok({ duplicate: true });
          const exists = await trx.selectFrom('form_codes').select('used').where('code_hash', '=', codeHash).executeTakeFirst();
          return refuse(exists ? 'code_used' : 'code_invalid');
        }
        orgId = used.org_id;
      }
      await insertReceipt(trx, formId, keyHash, day);
      await storeResponse(trx, { formId, definition, answers: checked.value, day, orgId, subjectId: null, respondentId: null });
      return ok({ duplicate: false });
    });
  } catch (e) {
    // Two copies of one submission raced (same key): the other one's receipt stands for both.
    if (isUniqueViolation(e) && (await receipt())) return ok({ duplicate: true });
    throw e;
  }
}

export interface StoredResponse {
  formId: string;
  definition: FormDefinition;
  answers: Answers;
  day: string;
  orgId: string | null;
  subjectId: string | null;
  /** Only for forms that are not anonymous. */
  respondentId: string | null;
}

/** The submission's receipt: a retry with the same key finds it and gets the first outcome back. */
export async function insertReceipt(trx: Transaction<Database>, formId: string, keyHash: string, day: string): Promise<void> {
  await trx.insertInto('submission_receipts').values({ key_hash: keyHash, form_id: formId, day }).execute();
}

/** The response (random id, the day only), the form's count and the tallies, in the caller's transaction. */
export async function storeResponse(trx: Transaction<Database>, r: StoredResponse): Promise<string> {
  const id = randomUUID();
  await trx.insertInto('responses').values({
    id, form_id: r.formId, day: r.day, answers: JSON.stringify(r.answers), org_id: r.orgId, subject_id: r.subjectId, respondent_id: r.respondentId,
  }).execute();
  await trx.updateTable('forms').set((eb) => ({ response_count: eb('response_count', '+', 1) })).where('id', '=', r.formId).execute();
  await addToTallies(trx, r.formId, r.definition, r.answers, scopesOf(r.orgId, r.subjectId));
  return id;
}

export const receiptKey = (formId: string, idempotencyKey: string) => createHash('sha256').update(`${formId}:${idempotencyKey}`).digest('hex');
