import type { Db } from '../../database.js';

/** An opinion with what its presenters need: org, concerned person, assignee. */
export const opinionRows = (db: Db) =>
  db
    .selectFrom('opinions as op')
    .innerJoin('orgs as o', 'o.id', 'op.org_id')
    .leftJoin('people as p', 'p.id', 'op.person_id')
    .leftJoin('orgs as ao', 'ao.id', 'op.assignee_org_id')
    .leftJoin('people as ap', 'ap.id', 'op.assignee_person_id')
    .selectAll('op')
    .select(['o.name as org_name', 'o.path as org_path', 'p.name as person_name', 'ao.name as assignee_org_name', 'ap.name as assignee_person_name']);

export type OpinionRow = NonNullable<Awaited<ReturnType<ReturnType<typeof opinionRows>['executeTakeFirst']>>>;

export const findOpinion = (db: Db, id: string) => opinionRows(db).where('op.id', '=', id).executeTakeFirst();
