import type { OpinionListQuery } from '@massline/shared';
import { sql, type SqlBool } from 'kysely';
import type { z } from 'zod';
import { likeContains, underAny } from '../../kernel/db.js';
import { decodeCursor, encodeCursor } from '../../kernel/cursor.js';
import { HttpError } from '../../kernel/errors.js';
import type { Actor } from '../../kernel/policy.js';
import { queryTerms } from '../../kernel/search-terms.js';
import type { Db } from '../../database.js';
import { opinionsPolicy } from './policy.js';
import { opinionRows } from './queries.js';
import { presentOpinion } from './presenters.js';

type Query = z.infer<typeof OpinionListQuery>;

/**
 * One page of the opinions the actor may read, newest day first, by keyset (day, id) so page 200
 * costs what page 1 does. Readers see their subtree; a cadre, what is assigned to them.
 */
export async function listOpinions(db: Db, actor: Actor, query: Query, today: string) {
  let q = opinionRows(db);
  const scope = opinionsPolicy.scope(actor, 'opinion.read');
  if (scope) q = q.where((eb) => eb.or([underAny(sql.ref('o.path'), scope), eb('op.assignee_person_id', '=', actor.personId)]));
  if (query.orgId) {
    const org = await db.selectFrom('orgs').select('path').where('id', '=', query.orgId).executeTakeFirst();
    if (!org) throw new HttpError('not_found');
    q = q.where(underAny(sql.ref('o.path'), [org.path]));
  }
  if (query.channel) q = q.where('op.channel', '=', query.channel);
  if (query.category) q = q.where('op.category', '=', query.category);
  if (query.status) q = q.where('op.status', '=', query.status);
  if (query.overdue === 'true') q = q.where('op.status', 'in', ['received', 'assigned']).where('op.due_day', '<', today);
  if (query.overdue === 'false') q = q.where((eb) => eb.or([eb('op.status', 'not in', ['received', 'assigned']), eb('op.due_day', '>=', today)]));
  if (query.from) q = q.where('op.day', '>=', query.from);
  if (query.to) q = q.where('op.day', '<=', query.to);
  // A substring match on the lower-cased text decides (道路 finds 村里道路坑洼无人管); the bigram
  // index only picks the candidates, so the list is walked in its order through the index's rows.
  const terms = query.q ? queryTerms(query.q) : [];
  if (query.q) q = q.where(sql<SqlBool>`op.search like ${likeContains(query.q.toLowerCase())} escape '\\'`);
  const [dayCol, idCol] = (terms.length ? ['t0.day', 't0.opinion_id'] : ['op.day', 'op.id']).map((c) => sql.ref<string>(c));
  if (terms.length) {
    q = q.innerJoin('opinion_terms as t0', (j) => j.onRef('t0.opinion_id', '=', 'op.id').on('t0.term', '=', terms[0]));
    for (const term of terms.slice(1)) {
      q = q.where((eb) => eb.exists(eb.selectFrom('opinion_terms as t').select('t.term').where('t.term', '=', term).whereRef('t.day', '=', 'op.day').whereRef('t.opinion_id', '=', 'op.id')));
    }
  }
  if (query.cursor) {
    const [day, id] = decodeCursor(query.cursor);
    // A row-value comparison, so both databases walk the (day, id) index from the cursor on.
    q = q.where(sql<SqlBool>`(${dayCol}, ${idCol}) < (${day}, ${id})`);
  }
  const rows = await q.orderBy(dayCol, 'desc').orderBy(idCol, 'desc').limit(query.limit + 1).execute();
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return { rows: page, nextCursor: rows.length > query.limit ? encodeCursor(last.day, last.id) : null };
}

const channelLabels: Record<string, string> = { forum: '座谈会', visit: '走访', mailbox: '意见箱', phone: '电话', meeting: '会议', letter: '来信', online: '网上' };
const categoryLabels: Record<string, string> = { formalism: '形式主义', bureaucratism: '官僚主义', hedonism: '享乐主义', extravagance: '奢靡之风', service: '服务群众不到位', livelihood: '民生诉求', other: '其他' };
const statusLabels: Record<string, string> = { received: '已收到', assigned: '已交办', answered: '已答复', closed: '已办结', merged: '已合并' };

/** The filtered list, every page, as rows for the .xlsx export (the sender only where the reader may see it). */
export async function* exportRows(db: Db, actor: Actor, query: Omit<Query, 'cursor' | 'limit'>, today: string): AsyncGenerator<(string | number)[]> {
  yield ['日期', '组织', '渠道', '类别', '内容', '反映人', '状态', '答复时限', '逾期'];
  let cursor: string | undefined;
  for (;;) {
    const { rows, nextCursor } = await listOpinions(db, actor, { ...query, cursor, limit: 100 }, today);
    for (const r of rows) {
      const p = presentOpinion(r, actor, today);
      yield [p.day, p.orgName, channelLabels[p.channel] ?? p.channel, categoryLabels[p.category] ?? p.category, p.content, p.sender ? p.sender.name : p.named ? '（实名，无权查看）' : '匿名', statusLabels[p.status] ?? p.status, p.dueDay, p.overdue ? '是' : ''];
    }
    if (!nextCursor) return;
    cursor = nextCursor;
  }
}
