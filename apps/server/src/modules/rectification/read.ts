import type { RectificationDetail, RectificationListQuery, RectificationStatus, RectificationUpdate } from '@massline/shared';
import { sql, type SqlBool } from 'kysely';
import type { Db } from '../../database.js';
import { decodeCursor, encodeCursor } from '../../kernel/cursor.js';
import { likeContains, underAny } from '../../kernel/db.js';
import { HttpError } from '../../kernel/errors.js';
import type { Actor } from '../../kernel/policy.js';
import { canReadItem, itemAbilities, rectificationPolicy } from './policy.js';
import { presentItem } from './presenters.js';
import { findItem, itemRows, milestonesOf, problemsOfItems, timelineOf, verdictsOfItems, type ItemRow } from './queries.js';

/** Present rows with their problems and verdicts, two queries for the whole page. */
export async function presentItems(db: Db, rows: ItemRow[], today: string) {
  const ids = rows.map((r) => r.id);
  const [problems, verdicts] = await Promise.all([problemsOfItems(db, ids), verdictsOfItems(db, rows.map((r) => ({ id: r.id, round: Number(r.round) })))]);
  return rows.map((r) => presentItem(r, problems.get(r.id) ?? [], verdicts.get(r.id), today));
}

/** One page of the items the actor may read, by deadline (soonest first), keyset on (deadline, id). */
export async function listItems(db: Db, actor: Actor, query: RectificationListQuery, today: string) {
  let q = itemRows(db);
  const scope = rectificationPolicy.scope(actor, 'rect.read');
  if (scope) q = q.where((eb) => eb.or([underAny(sql.ref('o.path'), scope), eb('r.owner_person_id', '=', actor.personId)]));
  if (query.orgId) {
    const org = await db.selectFrom('orgs').select('path').where('id', '=', query.orgId).executeTakeFirst();
    if (!org) throw new HttpError('not_found');
    q = q.where(underAny(sql.ref('o.path'), [org.path]));
  }
  if (query.problemId) q = q.where((eb) => eb.exists(eb.selectFrom('rectification_problems as rp').select('rp.problem_id').whereRef('rp.rectification_id', '=', 'r.id').where('rp.problem_id', '=', query.problemId!)));
  if (query.status) q = q.where('r.status', '=', query.status);
  if (query.overdue === 'true') q = q.where('r.status', 'in', ['planned', 'in_progress']).where('r.deadline', '<', today);
  if (query.overdue === 'false') q = q.where((eb) => eb.or([eb('r.status', 'not in', ['planned', 'in_progress']), eb('r.deadline', '>=', today)]));
  if (query.mine === 'true') q = q.where('r.owner_person_id', '=', actor.personId);
  if (query.published) q = q.where('r.published', '=', query.published === 'true' ? 1 : 0);
  if (query.q) {
    const like = likeContains(query.q.toLowerCase());
    q = q.where(sql<SqlBool>`(lower(r.title) like ${like} escape '\\' or lower(r.measures) like ${like} escape '\\' or lower(r.commitment) like ${like} escape '\\')`);
  }
  if (query.cursor) {
    const [deadline, id] = decodeCursor(query.cursor);
    q = q.where(sql<SqlBool>`(r.deadline, r.id) > (${deadline}, ${id})`);
  }
  const rows = await q.orderBy('r.deadline').orderBy('r.id').limit(query.limit + 1).execute();
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return { items: await presentItems(db, page, today), nextCursor: rows.length > query.limit ? encodeCursor(last.deadline, last.id) : null };
}

/** An item with its milestones, its history with the evidence, and what the reader may do. */
export async function loadItem(db: Db, actor: Actor, id: string, today: string): Promise<RectificationDetail> {
  const row = await findItem(db, id);
  if (!row || !canReadItem(actor, row)) throw new HttpError('not_found');
  const [[item], milestones, { updates, files }] = await Promise.all([presentItems(db, [row], today), milestonesOf(db, id), timelineOf(db, id)]);
  return {
    ...item,
    milestones: milestones.map((m) => ({ id: m.id, title: m.title, dueDay: m.due_day, weight: Number(m.weight), doneDay: m.done_day })),
    timeline: updates.map((u) => ({
      id: u.id, kind: u.kind as RectificationUpdate['kind'], body: u.body, fromStatus: u.from_status as RectificationStatus | null, toStatus: u.to_status as RectificationStatus | null,
      public: u.public === 1, authorName: u.author_name, at: u.at,
      attachments: files.filter((f) => f.update_id === u.id).map((f) => ({ id: f.id, name: f.name, mime: f.mime, size: Number(f.size), released: f.released === 1 })),
    })),
    // Whoever marked it done may not verify it: the button is not offered (the server refuses too).
    abilities: itemAbilities(actor, row).filter((a) => a !== 'verify' || updates.filter((u) => u.to_status === 'done').at(-1)?.account_id !== actor.accountId),
  };
}
