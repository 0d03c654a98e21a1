import { createHash, randomUUID } from 'node:crypto';
import { FormDefinition, validateAnswers, type AnswerError, type Answers, type SubmitBody } from '@massline/shared';
import type { Transaction } from 'kysely';
import { castBallot } from '../../../kernel/ballot-box.js';
import { ok, refuse, type Outcome } from '../../../kernel/errors.js';
import type { Database, Deps } from '../../../database.js';
import { hashCode } from '../codes.js';
import { addBatchToCounts, responseBallots, responseIdFor } from './ballots.js';

type SubmitRefusal = 'not_found' | 'form_not_open' | 'unauthenticated' | 'answers_invalid' | 'code_required' | 'code_invalid' | 'code_used' | 'org_invalid';

/**
 * One anonymous response, through the ballot box (see kernel/ballot-box.ts): checked here with
 * plain reads, then committed with the rest of its batch, shuffled; for a ballot the code is
 * consumed in that same batch, by one guarded UPDATE for all its codes, so of any number of
 * simultaneous submissions with one code exactly one succeeds, on any number of processes. What
 * is stored cannot be traced back: an id derived from the phone's key, the batch's day, no code,
 * no account, no address, no audit entry of its own. A retry with the same idempotency key, on
 * any process, finds its own row and gets the first outcome back.
 */
export async function submitResponse(deps: Deps, formId: string, input: SubmitBody): Promise<Outcome<{ duplicate: boolean }, SubmitRefusal>> {
  const form = await deps.db.selectFrom('forms').select(['id', 'org_id', 'status', 'distribution', 'definition']).where('id', '=', formId).executeTakeFirst();
  if (!form || form.status === 'draft') return refuse('not_found');
  const id = await responseIdFor(deps, formId, input.idempotencyKey);
  if (await deps.db.selectFrom('responses').select('id').where('id', '=', id).executeTakeFirst()) return ok({ duplicate: true });
  if (form.status !== 'open') return refuse('form_not_open');
  // Forms for named respondents are answered signed in, not through the public page.
  if (form.distribution === 'named') return refuse('unauthenticated');
  if (form.distribution === 'codes' && !input.code) return refuse('code_required');

  const definition = FormDefinition.parse(JSON.parse(form.definition));
  const checked = validateAnswers(definition, input.answers);
  if (!checked.ok) return refuse('answers_invalid', { count: new Set(checked.errors.map((e) => e.question)).size }, checked.errors satisfies AnswerError[]);

  let linkOrg: string | null = null;
  if (input.orgId && form.distribution === 'open') {
    const org = await deps.db.selectFrom('orgs').select('path').where('id', '=', input.orgId).executeTakeFirst();
    const formOrg = await deps.db.selectFrom('orgs').select('path').where('id', '=', form.org_id).executeTakeFirst();
    if (!org || !formOrg || !org.path.startsWith(formOrg.path)) return refuse('org_invalid');
    linkOrg = input.orgId;
  }
  const outcome = await castBallot(deps, responseBallots, {
    id, formId, definition, answers: checked.value, orgId: linkOrg, subjectId: null,
    codeHash: form.distribution === 'codes' ? hashCode(formId, input.code!) : null, assignmentId: null,
  });
  if (outcome === 'stored' || outcome === 'duplicate') return ok({ duplicate: outcome === 'duplicate' });
  return refuse(outcome === 'already_answered' ? 'code_used' : outcome);
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
  await addBatchToCounts(trx, [r]);
  return id;
}

export const receiptKey = (formId: string, idempotencyKey: string) => createHash('sha256').update(`${formId}:${idempotencyKey}`).digest('hex');
