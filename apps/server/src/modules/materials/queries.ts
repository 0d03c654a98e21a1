import { sql, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { Database, Db } from '../../database.js';
import { likePrefix, underAny } from '../../kernel/db.js';

type Reader = Db | Kysely<Database>;

/** A material with its author, org and campaign; never its text (that lives in its versions). */
export const materialRows = (db: Reader) =>
  db
    .selectFrom('materials as m')
    .innerJoin('orgs as o', 'o.id', 'm.org_id')
    .innerJoin('people as p', 'p.id', 'm.person_id')
    .innerJoin('campaigns as c', 'c.id', 'm.campaign_id')
    .innerJoin('orgs as co', 'co.id', 'c.org_id')
    .select([
      'm.id', 'm.campaign_id', 'm.org_id', 'm.person_id', 'm.title', 'm.status', 'm.version', 'm.submitted_at', 'm.approved_at', 'm.created_at', 'm.updated_at',
      'o.name as org_name', 'o.path as org_path', 'p.name as person_name',
      'c.title as campaign_title', 'c.start_day as campaign_start_day', 'c.end_day as campaign_end_day', 'co.path as campaign_org_path',
    ]);
export type MaterialRow = NonNullable<Awaited<ReturnType<ReturnType<typeof materialRows>['executeTakeFirst']>>>;

export const findMaterial = (db: Reader, id: string) => materialRows(db).where('m.id', '=', id).executeTakeFirst();

export const findMaterialOf = (db: Reader, campaignId: string, personId: string) =>
  db.selectFrom('materials').select(['id']).where('campaign_id', '=', campaignId).where('person_id', '=', personId).executeTakeFirst();

export interface MaterialFilter {
  /** Org paths the caller reads materials under; null = everywhere. */
  scope: string[] | null;
  /** The caller's own materials are listed too. */
  personId: string;
  campaignId?: string;
  orgPath?: string;
  status?: string;
  after?: [string, string];
  limit: number;
}

/** Most recently changed first, keyset-paged on (updated_at, id). */
export function listMaterials(db: Reader, f: MaterialFilter) {
  let q = materialRows(db);
  if (f.scope) {
    const scope = f.scope;
    q = q.where((eb) => (scope.length ? eb.or([eb('m.person_id', '=', f.personId), underAny(sql.ref('o.path'), scope)]) : eb('m.person_id', '=', f.personId)));
  }
  if (f.campaignId) q = q.where('m.campaign_id', '=', f.campaignId);
  if (f.orgPath) q = q.where(sql<SqlBool>`o.path like ${likePrefix(f.orgPath)} escape '\\'`);
  if (f.status) q = q.where('m.status', '=', f.status);
  if (f.after) {
    const [at, id] = f.after;
    q = q.where((eb: ExpressionBuilder<any, any>) => eb(eb.refTuple('m.updated_at', 'm.id'), '<', eb.tuple(at, id)));
  }
  return q.orderBy('m.updated_at', 'desc').orderBy('m.id', 'desc').limit(f.limit + 1).execute();
}

export const findVersion = (db: Reader, materialId: string, version: number) =>
  db
    .selectFrom('material_versions as v')
    .leftJoin('accounts as a', 'a.id', 'v.created_by')
    .leftJoin('people as p', 'p.id', 'a.person_id')
    .select(['v.id', 'v.version', 'v.sections', 'v.created_at', 'p.name as by_name'])
    .where('v.material_id', '=', materialId)
    .where('v.version', '=', version)
    .executeTakeFirst();

export const versionsOf = (db: Reader, materialId: string) =>
  db
    .selectFrom('material_versions as v')
    .leftJoin('accounts as a', 'a.id', 'v.created_by')
    .leftJoin('people as p', 'p.id', 'a.person_id')
    .select(['v.version', 'v.created_at', 'p.name as by_name'])
    .where('v.material_id', '=', materialId)
    .orderBy('v.version')
    .execute();

export const reviewsOf = (db: Reader, materialId: string) =>
  db
    .selectFrom('material_reviews as r')
    .leftJoin('accounts as a', 'a.id', 'r.account_id')
    .leftJoin('people as p', 'p.id', 'a.person_id')
    .select(['r.id', 'r.version', 'r.action', 'r.comment', 'r.created_at', 'p.name as by_name'])
    .where('r.material_id', '=', materialId)
    .orderBy('r.created_at')
    .orderBy('r.id')
    .execute();

/** Problems with what deciding who may read them takes. */
export const problemsByIds = (db: Reader, ids: string[]) =>
  ids.length === 0
    ? Promise.resolve([])
    : db
      .selectFrom('problems as p')
      .innerJoin('orgs as o', 'o.id', 'p.owner_org_id')
      .select(['p.id', 'p.title', 'p.status', 'p.category', 'o.path as owner_org_path', 'p.owner_person_id'])
      .where('p.id', 'in', ids)
      .execute();
export type ProblemRefRow = Awaited<ReturnType<typeof problemsByIds>>[number];

/** The problems assigned to a person (owner person) whose owner org lies within a subtree. */
export const problemsAssigned = (db: Reader, personId: string, underPath: string) =>
  db
    .selectFrom('problems as p')
    .innerJoin('orgs as o', 'o.id', 'p.owner_org_id')
    .select(['p.id', 'p.title', 'p.status', 'p.category', 'o.path as owner_org_path', 'p.owner_person_id'])
    .where('p.owner_person_id', '=', personId)
    .where(sql<SqlBool>`o.path like ${likePrefix(underPath)} escape '\\'`)
    .orderBy('p.created_at')
    .orderBy('p.id')
    .limit(200)
    .execute();

export const findCampaign = (db: Reader, id: string) =>
  db
    .selectFrom('campaigns as c')
    .innerJoin('orgs as o', 'o.id', 'c.org_id')
    .select(['c.id', 'c.title', 'c.start_day', 'c.end_day', 'o.name as org_name', 'o.path as org_path'])
    .where('c.id', '=', id)
    .executeTakeFirst();

/** The campaign's phase of a day, or undefined when the day is in none. */
export const phaseOn = (db: Reader, campaignId: string, day: string) =>
  db
    .selectFrom('campaign_phases')
    .select(['title', 'settings'])
    .where('campaign_id', '=', campaignId)
    .where('start_day', '<=', day)
    .where('end_day', '>=', day)
    .executeTakeFirst();

/** A person's orgs (not archived) within a subtree. */
export const membershipsUnder = (db: Reader, personId: string, underPath: string) =>
  db
    .selectFrom('memberships as m')
    .innerJoin('orgs as o', 'o.id', 'm.org_id')
    .select(['o.id', 'o.name', 'o.path'])
    .where('m.person_id', '=', personId)
    .where('o.archived_at', 'is', null)
    .where(sql<SqlBool>`o.path like ${likePrefix(underPath)} escape '\\'`)
    .orderBy('o.path')
    .execute();

/** Every org a person belongs to (not archived). */
export const membershipsOf = (db: Reader, personId: string) =>
  db
    .selectFrom('memberships as m')
    .innerJoin('orgs as o', 'o.id', 'm.org_id')
    .select(['o.id', 'o.name', 'o.path'])
    .where('m.person_id', '=', personId)
    .where('o.archived_at', 'is', null)
    .execute();

/** Campaigns made for any of these orgs, newest first. */
export const campaignsFor = (db: Reader, orgIds: string[]) =>
  orgIds.length === 0
    ? Promise.resolve([])
    : db
      .selectFrom('campaigns as c')
      .innerJoin('orgs as o', 'o.id', 'c.org_id')
      .select(['c.id', 'c.title', 'c.start_day', 'c.end_day', 'o.name as org_name', 'o.path as org_path'])
      .where('c.org_id', 'in', orgIds)
      .orderBy('c.start_day', 'desc')
      .orderBy('c.id')
      .limit(50)
      .execute();

/** A person's materials in these campaigns. */
export const materialsOfPerson = (db: Reader, personId: string, campaignIds: string[]) =>
  campaignIds.length === 0 ? Promise.resolve([]) : materialRows(db).where('m.person_id', '=', personId).where('m.campaign_id', 'in', campaignIds).execute();
