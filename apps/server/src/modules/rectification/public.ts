import { satisfactionRate, sumTallies, type PublicOrgList, type PublicRectification, type PublicRectificationDetail, type RectificationStatus } from '@massline/shared';
import type { Db } from '../../database.js';
import { HttpError } from '../../kernel/errors.js';
import { isClosed, usesCodes } from './commands/verdicts.js';
import { isItemOverdue } from './presenters.js';
import { itemRows, milestonesOf, verdictsOfItems, type ItemRow, type VerdictGroupRow } from './queries.js';
import { summarizeVerdicts } from './verdict-rules.js';
import { campaignDay } from '../../kernel/clock.js';

/** What residents see of an item: what was promised, by whom, by when, how far; nothing internal. */
function presentPublic(r: ItemRow, v: VerdictGroupRow[] | undefined, today: string): PublicRectification {
  return {
    id: r.id, title: r.title, commitment: r.commitment, measures: r.measures, ownerOrgName: r.owner_org_name, ownerPersonName: r.owner_person_name ?? null,
    deadline: r.deadline, status: r.status as RectificationStatus, overdue: isItemOverdue(r, today), onTheSpot: r.on_the_spot === 1,
    progress: Number(r.progress), doneDay: r.done_day, verdicts: summarizeVerdicts(Number(r.round), v, r),
  };
}

/** An org's published list; an org with nothing published is not there at all. */
export async function publicOrgList(db: Db, orgId: string, today: string): Promise<PublicOrgList> {
  const org = await db.selectFrom('orgs').select(['id', 'name']).where('id', '=', orgId).where('archived_at', 'is', null).executeTakeFirst();
  if (!org) throw new HttpError('not_found');
  const rows = await itemRows(db).where('r.owner_org_id', '=', org.id).where('r.published', '=', 1).orderBy('r.deadline').orderBy('r.id').execute();
  if (rows.length === 0) throw new HttpError('not_found');
  const plan = await db.selectFrom('rectification_plans').select(['published', 'published_at']).where('org_id', '=', org.id).executeTakeFirst();
  const verdicts = await verdictsOfItems(db, rows.map((r) => ({ id: r.id, round: Number(r.round) })));
  const items = rows.map((r) => presentPublic(r, verdicts.get(r.id), today));
  const weight = rows.reduce((n, r) => n + Number(r.weight), 0);
  const counted = sumTallies(items.map((i) => i.verdicts.counted));
  return {
    orgId: org.id, orgName: org.name, publishedAt: plan?.published === 1 ? plan.published_at : null, items,
    progress: weight ? Math.round((rows.reduce((n, r) => n + Number(r.weight) * Number(r.progress), 0) / weight) * 10) / 10 : null,
    satisfaction: satisfactionRate(counted),
  };
}

/** A published item with its public history, the evidence the office released and answered flags. */
export async function publicItem(db: Db, id: string, today: string): Promise<PublicRectificationDetail> {
  const r = await itemRows(db).where('r.id', '=', id).where('r.published', '=', 1).executeTakeFirst();
  if (!r) throw new HttpError('not_found');
  const [verdicts, milestones, updates, photos, flags, codes] = await Promise.all([
    verdictsOfItems(db, [{ id: r.id, round: Number(r.round) }]),
    milestonesOf(db, id),
    db.selectFrom('rectification_updates').select(['id', 'kind', 'body', 'to_status', 'at']).where('rectification_id', '=', id).where('public', '=', 1).orderBy('seq').execute(),
    db.selectFrom('rectification_attachments').select(['id', 'update_id', 'name', 'mime']).where('rectification_id', '=', id).where('released', '=', 1).orderBy('name').execute(),
    db.selectFrom('rectification_flags').select(['body', 'answer', 'day']).where('rectification_id', '=', id).where('status', '=', 'answered').orderBy('day').execute(),
    usesCodes({ db: db as never }, r),
  ]);
  return {
    ...presentPublic(r, verdicts.get(r.id), today),
    milestones: milestones.map((m) => ({ id: m.id, title: m.title, dueDay: m.due_day, weight: Number(m.weight), doneDay: m.done_day })),
    timeline: updates.map((u) => ({
      id: u.id, kind: u.kind, body: u.body, toStatus: u.to_status as RectificationStatus | null, day: campaignDay(u.at),
      photos: photos.filter((p) => p.update_id === u.id).map((p) => ({ id: p.id, name: p.name, mime: p.mime })),
    })),
    verdictAccepts: codes ? ['receipt', 'code'] : ['receipt', 'open'],
    verdictOpen: isClosed(r),
    flags: flags.map((f) => ({ body: f.body, answer: f.answer ?? '', day: f.day })),
  };
}

/** A released piece of evidence of a published item, or nothing. */
export async function publicPhoto(db: Db, itemId: string, attachmentId: string) {
  const file = await db
    .selectFrom('rectification_attachments as a')
    .innerJoin('rectifications as r', 'r.id', 'a.rectification_id')
    .select(['a.name', 'a.mime', 'a.data', 'a.thumb'])
    .where('a.id', '=', attachmentId)
    .where('a.rectification_id', '=', itemId)
    .where('a.released', '=', 1)
    .where('r.published', '=', 1)
    .executeTakeFirst();
  if (!file) throw new HttpError('not_found');
  return file;
}
