import { lifeMeetingKinds, type CriticismBody, type CriticismRaiseBody, type CriticismUpdateBody } from '@massline/shared';
import type { Transaction } from 'kysely';
import type { Database, Deps } from '../../../database.js';
import { recordAudit } from '../../../kernel/audit.js';
import { HttpError, ok, refuse, type Outcome } from '../../../kernel/errors.js';
import { newId } from '../../../kernel/ids.js';
import { atOrg, type Actor } from '../../../kernel/policy.js';
import { inTransaction } from '../../../kernel/tx.js';
import { createProblemIn, isMemberUnder, problemsPolicy } from '../../problems/index.js';
import { canReadCriticism, canWriteCriticism } from '../policy.js';
import { findMeeting, peopleNames, type MeetingRow } from '../queries.js';

type Trx = Transaction<Database>;

/** A life meeting the caller may write criticism entries in (404 when they may not even read them). */
async function writable(trx: Trx, actor: Actor, id: string): Promise<Outcome<MeetingRow>> {
  const m = await findMeeting(trx, id, actor);
  if (!m || !canReadCriticism(actor, m.at)) return refuse('not_found');
  if (!canWriteCriticism(actor, m.at)) throw new HttpError('forbidden');
  if (!lifeMeetingKinds.includes(m.kind as never)) return refuse('criticism_not_life_meeting');
  return ok(m);
}

/** Both ends of an entry were present at the meeting. */
async function checkPresent(trx: Trx, meetingId: string, personIds: string[]): Promise<Outcome<null>> {
  const ids = [...new Set(personIds)];
  const rows = await trx.selectFrom('meeting_attendance').select('person_id').where('meeting_id', '=', meetingId).where('status', '=', 'present').where('person_id', 'in', ids).execute();
  const present = new Set(rows.map((r) => r.person_id));
  const missing = ids.find((p) => !present.has(p));
  if (!missing) return ok(null);
  const names = await peopleNames(trx, [missing]);
  return names.has(missing) ? refuse('criticism_not_attended', { name: names.get(missing)! }) : refuse('not_found');
}

export function addCriticism(deps: Deps, actor: Actor, id: string, input: CriticismBody): Promise<Outcome<{ id: string }>> {
  return inTransaction(deps.db, async (trx) => {
    const m = await writable(trx, actor, id);
    if (!m.ok) return m;
    const present = await checkPresent(trx, id, [input.fromPersonId, input.toPersonId]);
    if (!present.ok) return present;
    const entryId = newId();
    const now = deps.clock.now().toISOString();
    await trx.insertInto('criticism_entries').values({
      id: entryId, meeting_id: id, from_person_id: input.fromPersonId, to_person_id: input.toPersonId, content: input.content, response: input.response,
      problem_id: null, created_by: actor.accountId, created_at: now, updated_at: now,
    }).execute();
    const self = input.fromPersonId === input.toPersonId;
    // The audit log is read more widely than the entries: it names the meeting, not what was said or by whom.
    await recordAudit(trx, deps, actor, { action: 'criticism.add', entityType: 'meeting', entityId: id, orgPath: m.value.org_path, summary: `记录“${m.value.title}”的一条${self ? '自我批评' : '批评意见'}` });
    return ok({ id: entryId });
  });
}

export function updateCriticism(deps: Deps, actor: Actor, id: string, entryId: string, input: CriticismUpdateBody): Promise<Outcome<{ id: string }>> {
  return inTransaction(deps.db, async (trx) => {
    const m = await writable(trx, actor, id);
    if (!m.ok) return m;
    const entry = await trx.selectFrom('criticism_entries').select('id').where('id', '=', entryId).where('meeting_id', '=', id).executeTakeFirst();
    if (!entry) return refuse('not_found');
    await trx.updateTable('criticism_entries').set({
      ...(input.content !== undefined ? { content: input.content } : {}), ...(input.response !== undefined ? { response: input.response } : {}), updated_at: deps.clock.now().toISOString(),
    }).where('id', '=', entryId).execute();
    await recordAudit(trx, deps, actor, { action: 'criticism.update', entityType: 'meeting', entityId: id, orgPath: m.value.org_path, summary: `修改“${m.value.title}”的一条批评记录${input.response !== undefined ? '（表态）' : ''}` });
    return ok({ id: entryId });
  });
}

/**
 * One step from what was said to the registry: a problem of the meeting's org, owned by the person
 * criticised when they are a member there, its source the entry (type `criticism`).
 */
export function raiseCriticism(deps: Deps, actor: Actor, id: string, entryId: string, input: CriticismRaiseBody): Promise<Outcome<{ id: string }>> {
  return inTransaction(deps.db, async (trx) => {
    const m = await findMeeting(trx, id, actor);
    if (!m || !canReadCriticism(actor, m.at)) return refuse('not_found');
    // Those present read the entries; only who keeps the org's problem registry raises one.
    problemsPolicy.authorize(actor, 'problem.manage', atOrg(m.org_path));
    const entry = await trx.selectFrom('criticism_entries').selectAll().where('id', '=', entryId).where('meeting_id', '=', id).executeTakeFirst();
    if (!entry) return refuse('not_found');
    if (entry.problem_id) return refuse('criticism_raised');
    const owner = (await isMemberUnder(trx, entry.to_person_id, m.org_path)) ? entry.to_person_id : null;
    const created = await createProblemIn(trx, deps, actor, {
      title: input.title, description: entry.content, category: input.category, ruleId: null, ownerOrgId: m.org_id, ownerPersonId: owner, severity: 'moderate',
      sources: [{ type: 'criticism', note: `${m.title}（${m.day}）：${entry.content}`.slice(0, 1000) }],
    });
    if (!created.ok) return created;
    await trx.updateTable('problem_sources').set({ ref_id: entryId }).where('problem_id', '=', created.value.id).where('source_type', '=', 'criticism').execute();
    await trx.updateTable('criticism_entries').set({ problem_id: created.value.id, updated_at: deps.clock.now().toISOString() }).where('id', '=', entryId).execute();
    await recordAudit(trx, deps, actor, { action: 'criticism.raise', entityType: 'meeting', entityId: id, orgPath: m.org_path, summary: `将“${m.title}”的一条批评意见列为问题“${input.title}”` });
    return ok({ id: created.value.id });
  });
}
