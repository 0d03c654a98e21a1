import { createHash, randomUUID } from 'node:crypto';
import { FormDefinition, validateAnswers, type AnswerError, type SubmitBody } from '@massline/shared';
import { isUniqueViolation } from '../../../kernel/db.js';
import { ok, refuse, type Outcome } from '../../../kernel/errors.js';
import { inTransaction } from '../../../kernel/tx.js';
import type { Database, Deps } from '../../../database.js';
import { hashCode } from '../codes.js';
import { addToTallies } from '../tallies.js';

type SubmitRefusal = 'not_found' | 'form_not_open' | 'unauthenticated' | 'answers_invalid' | 'code_required' | 'code_invalid' | 'code_used';

/**
 * Store one response. For a ballot the code is consumed in the same transaction, by one guarded
 * update, so of any number of simultaneous submissions with one code exactly one succeeds. What
 * is stored cannot be traced back: a random id, the day only, no code, no account, no address;
 * no audit entry either, since it would keep the moment. A retry with the same idempotency key
 * gets the first outcome back.
 */
export async function submitResponse(deps: Deps, formId: string, input: SubmitBody): Promise<Outcome<{ duplicate: boolean }, SubmitRefusal>> {
  const form = await deps.db.selectFrom('forms').select(['id', 'status', 'distribution', 'definition']).where('id', '=', formId).executeTakeFirst();
  if (!form || form.status === 'draft') return refuse('not_found');
  const keyHash = createHash('sha256').update(`${formId}:${input.idempotencyKey}`).digest('hex');
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
  try {
    return await inTransaction<Database, { duplicate: boolean }, SubmitRefusal>(deps.db, async (trx) => {
      if (form.distribution === 'codes') {
        const codeHash = hashCode(formId, input.code!);
        const used = await trx.updateTable('form_codes').set({ used: 1 }).where('code_hash', '=', codeHash).where('used', '=', 0).executeTakeFirst();
        if (Number(used.numUpdatedRows) !== 1) {
          // The winner of a race with the same key (a retry) has committed by now: its receipt answers.
          if (await trx.selectFrom('submission_receipts').select('key_hash').where('key_hash', '=', keyHash).executeTakeFirst()) return ok({ duplicate: true });
          const exists = await trx.selectFrom('form_codes').select('used').where('code_hash', '=', codeHash).executeTakeFirst();
          return refuse(exists ? 'code_used' : 'code_invalid');
        }
      }
      await trx.insertInto('submission_receipts').values({ key_hash: keyHash, form_id: formId, day }).execute();
      await trx.insertInto('responses').values({ id: randomUUID(), form_id: formId, day, answers: JSON.stringify(checked.value) }).execute();
      await trx.updateTable('forms').set((eb) => ({ response_count: eb('response_count', '+', 1) })).where('id', '=', formId).execute();
      await addToTallies(trx, formId, definition, checked.value);
      return ok({ duplicate: false });
    });
  } catch (e) {
    // Two copies of one submission raced (same key): the other one's receipt stands for both.
    if (isUniqueViolation(e) && (await receipt())) return ok({ duplicate: true });
    throw e;
  }
}
