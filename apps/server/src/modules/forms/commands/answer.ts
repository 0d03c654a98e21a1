import { FormDefinition, validateAnswers, type AnswerError, type NamedSubmitBody } from '@massline/shared';
import { isUniqueViolation } from '../../../kernel/db.js';
import { ok, refuse, type Outcome } from '../../../kernel/errors.js';
import { newId } from '../../../kernel/ids.js';
import type { Actor } from '../../../kernel/policy.js';
import { inTransaction } from '../../../kernel/tx.js';
import type { Database, Deps } from '../../../database.js';
import { insertReceipt, receiptKey, storeResponse } from './submit.js';

type AnswerRefusal = 'not_found' | 'form_not_open' | 'answers_invalid' | 'already_answered' | 'visit_required';

/**
 * A signed-in answer to one's own assignment: a self-inspection, one mutual-inspection rating, or
 * one field visit. The assignment is marked in the same transaction as the response is stored, so
 * a one-off assignment takes exactly one response however many copies arrive at once. For an
 * anonymous form the response keeps whom it is about (for mutual inspection) but never who
 * answered; a self-inspection's subject is its respondent, so an anonymous one keeps neither.
 */
export async function answerAssignment(deps: Deps, actor: Actor, assignmentId: string, input: NamedSubmitBody): Promise<Outcome<{ duplicate: boolean }, AnswerRefusal>> {
  const a = await deps.db
    .selectFrom('form_assignments as a')
    .innerJoin('forms as f', 'f.id', 'a.form_id')
    .select(['a.id', 'a.form_id', 'a.org_id', 'a.respondent_id', 'a.subject_id', 'a.repeatable', 'a.done', 'f.status', 'f.anonymous', 'f.definition', 'f.collect_location'])
    .where('a.id', '=', assignmentId)
    .executeTakeFirst();
  if (!a || a.respondent_id !== actor.personId || a.status === 'draft') return refuse('not_found');
  const keyHash = receiptKey(a.form_id, input.idempotencyKey);
  const receipt = () => deps.db.selectFrom('submission_receipts').select('key_hash').where('key_hash', '=', keyHash).executeTakeFirst();
  if (await receipt()) return ok({ duplicate: true });
  if (a.status !== 'open') return refuse('form_not_open');
  if (!a.repeatable && a.done > 0) return refuse('already_answered');

  const visit = a.repeatable ? input.visit : undefined;
  if (a.repeatable && !visit) return refuse('visit_required');
  // A household not at home or refusing gives no answers: only the visit is recorded.
  const answering = !visit || visit.outcome === 'completed';
  const definition = FormDefinition.parse(JSON.parse(a.definition));
  const checked = answering ? validateAnswers(definition, input.answers) : ({ ok: true, value: {} } as const);
  if (!checked.ok) return refuse('answers_invalid', { count: new Set(checked.errors.map((e) => e.question)).size }, checked.errors satisfies AnswerError[]);

  const today = deps.clock.now().toISOString().slice(0, 10);
  // A visit synced days later keeps the day it happened, but never a day in the future.
  const day = visit?.day && visit.day < today ? visit.day : today;
  const anonymous = a.anonymous === 1;
  const subjectId = a.subject_id === '' || (anonymous && a.subject_id === a.respondent_id) ? null : a.subject_id;
  try {
    return await inTransaction<Database, { duplicate: boolean }, AnswerRefusal>(deps.db, async (trx) => {
      const marked = await trx
        .updateTable('form_assignments')
        .set((eb) => ({ done: eb('done', '+', 1) }))
        .where('id', '=', a.id)
        .where((eb) => eb.or([eb('repeatable', '=', 1), eb('done', '=', 0)]))
        .executeTakeFirst();
      if (Number(marked.numUpdatedRows) !== 1) {
        if (await trx.selectFrom('submission_receipts').select('key_hash').where('key_hash', '=', keyHash).executeTakeFirst()) return ok({ duplicate: true });
        return refuse('already_answered');
      }
      await insertReceipt(trx, a.form_id, keyHash, today);
      const responseId = answering
        ? await storeResponse(trx, { formId: a.form_id, definition, answers: checked.value, day, orgId: a.org_id, subjectId, respondentId: anonymous ? null : actor.personId })
        : null;
      if (visit) {
        const located = a.collect_location === 1 && visit.lat !== undefined && visit.lng !== undefined;
        await trx.insertInto('field_visits').values({
          id: newId(), form_id: a.form_id, assignment_id: a.id, org_id: a.org_id, day, outcome: visit.outcome,
          lat: located ? visit.lat! : null, lng: located ? visit.lng! : null, accuracy: located ? (visit.accuracy ?? null) : null,
          // An anonymous form's answers stay unlinked from the surveyor who recorded them.
          response_id: anonymous ? null : responseId,
        }).execute();
      }
      return ok({ duplicate: false });
    });
  } catch (e) {
    if (isUniqueViolation(e) && (await receipt())) return ok({ duplicate: true });
    throw e;
  }
}
