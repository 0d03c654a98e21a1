import type { Answers, FormDefinition } from '@massline/shared';
import { sql, type Transaction } from 'kysely';
import { chunks as inParts, defineBallotKind } from '../../../kernel/ballot-box.js';
import { anonymousId } from '../../../kernel/anonymous-ids.js';
import type { Database, Deps } from '../../../database.js';
import { RESPONSES, scopesOf, tallyKeys } from '../tallies.js';

/** An anonymous response waiting in the ballot box. */
export interface ResponseBallot {
  /** Derived from the phone's idempotency key (see responseIdFor): a retry finds its own row. */
  id: string;
  formId: string;
  definition: FormDefinition;
  answers: Answers;
  orgId: string | null;
  subjectId: string | null;
  /** A ballot's one-time code, hashed: consumed in the same batch as the response is stored. */
  codeHash: string | null;
  /** A one-off assignment (anonymous self or mutual inspection) marked done in the same batch. */
  assignmentId: string | null;
}

export type ResponseOutcome = 'stored' | 'duplicate' | 'code_used' | 'code_invalid' | 'already_answered';

/**
 * The id of an anonymous response: an HMAC of the phone's random per-submission key under the
 * installation's secret. Nothing else is kept for retries, so no idempotency row can be paired
 * with the response; and since the key never leaves the phone, the id tells nobody anything.
 */
export const responseIdFor = (deps: Deps, formId: string, idempotencyKey: string) => anonymousId(deps, 'response', `${formId}:${idempotencyKey}`);

const CHUNK = 400;
const chunks = <T>(rows: T[], size = CHUNK) => inParts(rows, size);

/** Which of these ids are stored already: a retry whose first copy committed. */
async function existing(trx: Transaction<Database>, ids: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (const part of chunks(ids)) {
    for (const r of await trx.selectFrom('responses').select('id').where('id', 'in', part).execute()) found.add(r.id);
  }
  return found;
}

/**
 * A batch of responses: one statement per table for the whole share, so every row of the batch
 * has one transaction id and one command id, its codes are consumed by one UPDATE, and its
 * tallies are summed before one upsert (a counter row touched per response would time it).
 */
export const responseBallots = defineBallotKind<ResponseBallot, ResponseOutcome>('form_response', '问卷答卷', async (trx, items, ctx) => {
  const outcome: (ResponseOutcome | null)[] = items.map(() => null);
  const stored = await existing(trx, [...new Set(items.map((i) => i.id))]);
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (stored.has(item.id) || seen.has(item.id)) outcome[i] = 'duplicate';
    seen.add(item.id);
  });

  // One-time codes: one guarded UPDATE for the batch; a code asked for twice goes to the first.
  const wanted = [...new Set(items.filter((it, i) => !outcome[i] && it.codeHash).map((it) => it.codeHash!))];
  const granted = new Map<string, string>();
  for (const part of chunks(wanted)) {
    const rows = await trx.updateTable('form_codes').set({ used: 1 }).where('code_hash', 'in', part).where('used', '=', 0).returning(['code_hash', 'org_id']).execute();
    for (const r of rows) granted.set(r.code_hash, r.org_id);
  }
  const codeOrg = new Map<number, string>();
  const refusedCode: number[] = [];
  items.forEach((item, i) => {
    if (outcome[i] || !item.codeHash) return;
    const org = granted.get(item.codeHash);
    if (org !== undefined) {
      codeOrg.set(i, org);
      granted.delete(item.codeHash);
    } else refusedCode.push(i);
  });
  if (refusedCode.length) {
    // Another process may have stored this very submission (a retry) and used the code: its
    // committed row answers, the first outcome rather than code_used.
    const now = await existing(trx, refusedCode.map((i) => items[i].id));
    const hashes = [...new Set(refusedCode.map((i) => items[i].codeHash!))];
    const known = new Set<string>();
    for (const part of chunks(hashes)) for (const r of await trx.selectFrom('form_codes').select('code_hash').where('code_hash', 'in', part).execute()) known.add(r.code_hash);
    for (const i of refusedCode) outcome[i] = now.has(items[i].id) ? 'duplicate' : known.has(items[i].codeHash!) ? 'code_used' : 'code_invalid';
  }

  // One-off assignments: one guarded UPDATE; an assignment answered twice keeps the first.
  const assignments = [...new Set(items.filter((it, i) => !outcome[i] && it.assignmentId).map((it) => it.assignmentId!))];
  const marked = new Set<string>();
  for (const part of chunks(assignments)) {
    for (const r of await trx.updateTable('form_assignments').set({ done: 1 }).where('id', 'in', part).where('done', '=', 0).returning('id').execute()) marked.add(r.id);
  }
  items.forEach((item, i) => {
    if (outcome[i] || !item.assignmentId) return;
    if (marked.has(item.assignmentId)) marked.delete(item.assignmentId);
    else outcome[i] = 'already_answered';
  });

  const accepted = items.map((item, i) => ({ item, i })).filter(({ i }) => !outcome[i]);
  const inserted = new Set<string>();
  for (const part of chunks(accepted, 200)) {
    const rows = await trx
      .insertInto('responses')
      .values(part.map(({ item, i }) => ({
        id: item.id, form_id: item.formId, day: ctx.day, answers: JSON.stringify(item.answers),
        org_id: codeOrg.get(i) ?? item.orgId, subject_id: item.subjectId, respondent_id: null,
      })))
      .onConflict((oc) => oc.column('id').doNothing())
      .returning('id')
      .execute();
    for (const r of rows) inserted.add(r.id);
  }
  for (const { item, i } of accepted) outcome[i] = inserted.has(item.id) ? 'stored' : 'duplicate';

  await addBatchToCounts(trx, accepted.filter(({ item }) => inserted.has(item.id)).map(({ item, i }) => ({ ...item, orgId: codeOrg.get(i) ?? item.orgId })));
  return outcome as ResponseOutcome[];
}, (out) => out === 'stored');

/** Adds a batch of stored responses to each form's count and the tallies: summed, then written once. */
export async function addBatchToCounts(trx: Transaction<Database>, responses: Pick<ResponseBallot, 'formId' | 'definition' | 'answers' | 'orgId' | 'subjectId'>[]): Promise<void> {
  const perForm = new Map<string, number>();
  const tallies = new Map<string, { form_id: string; scope: string; question: string; item: string; value: string; count: number }>();
  for (const r of responses) {
    perForm.set(r.formId, (perForm.get(r.formId) ?? 0) + 1);
    const keys = tallyKeys(r.definition, r.answers);
    for (const scope of scopesOf(r.orgId, r.subjectId)) {
      for (const k of [...(scope ? [RESPONSES] : []), ...keys]) {
        const key = JSON.stringify([r.formId, scope, k.question, k.item, k.value]);
        const row = tallies.get(key);
        if (row) row.count += 1;
        else tallies.set(key, { form_id: r.formId, scope, ...k, count: 1 });
      }
    }
  }
  for (const [formId, n] of [...perForm].sort()) {
    await trx.updateTable('forms').set((eb) => ({ response_count: eb('response_count', '+', n) })).where('id', '=', formId).execute();
  }
  // One order for every writer, so concurrent upserts on PostgreSQL never wait on each other in a cycle.
  const rows = [...tallies.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, row]) => row);
  for (const part of chunks(rows, 1000)) {
    await trx
      .insertInto('form_tallies')
      .values(part)
      .onConflict((oc) => oc.columns(['form_id', 'scope', 'question', 'item', 'value']).doUpdateSet({ count: sql`form_tallies.count + excluded.count` }))
      .execute();
  }
}
