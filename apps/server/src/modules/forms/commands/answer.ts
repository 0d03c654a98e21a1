import { FormDefinition, validateAnswers, type AnswerError, type Answers, type NamedSubmitBody } from '@massline/shared';
import { castBallot } from '../../../kernel/ballot-box.js';
import { isUniqueViolation } from '../../../kernel/db.js';
import { ok, refuse, type Outcome } from '../../../kernel/errors.js';
import { newId } from '../../../kernel/ids.js';
import type { Actor } from '../../../kernel/policy.js';
import { inTransaction } from '../../../kernel/tx.js';
import type { Database, Deps } from '../../../database.js';
import { responseBallots, responseIdFor } from './ballots.js';
import { insertReceipt, receiptKey, storeResponse } from './submit.js';
import { campaignDay } from '../../../kernel/clock.js';

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
    .select(['a.id', 'a.form_id', 'a.org_id', 'a.respondent_id', 'a.subject_id', 'a.repeatable', 'a.done', 'f.status', 'f.anonymous', 'f.definition', 'f.collect_location', 'f.location_precision_m'])
    .where('a.id', '=', assignmentId)
    .executeTakeFirst();
  if (!a || a.respondent_id !== actor.personId || a.status === 'draft') return refuse('not_found');
  const keyHash = receiptKey(a.form_id, input.idempotencyKey);
  const receipt = () => deps.db.selectFrom('submission_receipts').select('key_hash').where('key_hash', '=', keyHash).executeTakeFirst();
  if (await receipt()) return ok({ duplicate: true });
  // An anonymous one-off answer keeps no receipt: its derived id tells a retry it was stored.
  if (a.anonymous === 1 && !a.repeatable && (await deps.db.selectFrom('responses').select('id').where('id', '=', await responseIdFor(deps, a.form_id, input.idempotencyKey)).executeTakeFirst())) return ok({ duplicate: true });
  if (a.status !== 'open') return refuse('form_not_open');
  if (!a.repeatable && a.done > 0) return refuse('already_answered');

  const visit = a.repeatable ? input.visit : undefined;
  if (a.repeatable && !visit) return refuse('visit_required');
  // A household not at home or refusing gives no answers: only the visit is recorded.
  const answering = !visit || visit.outcome === 'completed';
  const definition = FormDefinition.parse(JSON.parse(a.definition));
  const checked = answering ? validateAnswers(definition, input.answers) : ({ ok: true, value: {} } as const);
  if (!checked.ok) return refuse('answers_invalid', { count: new Set(checked.errors.map((e) => e.question)).size }, checked.errors satisfies AnswerError[]);

  const today = campaignDay(deps.clock.now());
  // A visit synced days later keeps the day it happened, but never a day in the future.
  const day = visit?.day && visit.day < today ? visit.day : today;
  const anonymous = a.anonymous === 1;
  const subjectId = a.subject_id === '' || (anonymous && a.subject_id === a.respondent_id) ? null : a.subject_id;
  if (anonymous) return answerAnonymously(deps, a, { keyHash, key: input.idempotencyKey, visit, day, today, definition, answers: answering ? checked.value : null, subjectId });
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
        ? await storeResponse(trx, { formId: a.form_id, definition, answers: checked.value, day, orgId: a.org_id, subjectId, respondentId: actor.personId })
        : null;
      if (visit) {
        await trx.insertInto('field_visits').values({
          id: newId(), form_id: a.form_id, assignment_id: a.id, org_id: a.org_id, day, outcome: visit.outcome, ...positionOf(a, visit),
          // An anonymous form's answers stay unlinked from the surveyor who recorded them.
          response_id: responseId,
        }).execute();
      }
      return ok({ duplicate: false });
    });
  } catch (e) {
    if (isUniqueViolation(e) && (await receipt())) return ok({ duplicate: true });
    throw e;
  }
}

interface AnonymousAnswer {
  keyHash: string;
  key: string;
  visit: NamedSubmitBody['visit'];
  day: string;
  today: string;
  definition: FormDefinition;
  /** null when the visit found nobody to answer. */
  answers: Answers | null;
  subjectId: string | null;
}

type AssignmentRow = { id: string; form_id: string; org_id: string; repeatable: number; collect_location: number; location_precision_m: number };

/**
 * An anonymous form answered signed in. The answers go through the ballot box like a resident's,
 * and never share a transaction or an order with anything named: a one-off assignment (self or
 * mutual inspection) is marked done inside the answers' batch, by one UPDATE for the batch; a
 * field visit is recorded first in a transaction of its own (the surveyor's named work: the
 * visit, its day and outcome), and its answers then join the box. A retry of either part finds
 * what it left: the visit by its receipt, the answers by their derived id.
 */
async function answerAnonymously(deps: Deps, a: AssignmentRow, x: AnonymousAnswer): Promise<Outcome<{ duplicate: boolean }, AnswerRefusal>> {
  const id = await responseIdFor(deps, a.form_id, x.key);
  const answered = async () => Boolean(await deps.db.selectFrom('responses').select('id').where('id', '=', id).executeTakeFirst());
  let visitExisted = false;
  if (x.visit) {
    const visit = x.visit;
    try {
      visitExisted = await inTransaction<Database, boolean, AnswerRefusal>(deps.db, async (trx) => {
        if (await trx.selectFrom('submission_receipts').select('key_hash').where('key_hash', '=', x.keyHash).executeTakeFirst()) return ok(true);
        await trx.updateTable('form_assignments').set((eb) => ({ done: eb('done', '+', 1) })).where('id', '=', a.id).execute();
        await insertReceipt(trx, a.form_id, x.keyHash, x.today);
        await trx.insertInto('field_visits').values({
          id: newId(), form_id: a.form_id, assignment_id: a.id, org_id: a.org_id, day: x.day, outcome: visit.outcome, ...positionOf(a, visit), response_id: null,
        }).execute();
        return ok(false);
      }).then((o) => (o.ok ? o.value : false));
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      visitExisted = true;
    }
    if (!x.answers) return ok({ duplicate: visitExisted });
  } else if (await answered()) return ok({ duplicate: true });
  const outcome = await castBallot(deps, responseBallots, {
    id, formId: a.form_id, definition: x.definition, answers: x.answers ?? {}, orgId: a.org_id, subjectId: x.subjectId, codeHash: null,
    assignmentId: a.repeatable ? null : a.id,
  });
  if (outcome === 'already_answered') return refuse('already_answered');
  return ok({ duplicate: outcome === 'duplicate' || (visitExisted && outcome !== 'stored') });
}

/**
 * A household's position, only where the form asks for it, rounded to the office's precision
 * (default 100 m): a grid of that size, so the stored point names an area, not a door.
 */
export function positionOf(a: { collect_location: number; location_precision_m: number }, visit: { lat?: number; lng?: number; accuracy?: number }) {
  if (a.collect_location !== 1 || visit.lat === undefined || visit.lng === undefined) return { lat: null, lng: null, accuracy: null };
  const metres = Math.max(1, a.location_precision_m || 100);
  const latStep = metres / 111_320;
  const lngStep = metres / (111_320 * Math.max(0.01, Math.cos((visit.lat * Math.PI) / 180)));
  const round = (v: number, step: number) => Number((Math.round(v / step) * step).toFixed(6));
  return { lat: round(visit.lat, latStep), lng: round(visit.lng, lngStep), accuracy: Math.max(metres, Math.round(visit.accuracy ?? 0)) };
}
