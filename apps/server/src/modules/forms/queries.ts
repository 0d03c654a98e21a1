import type { Db } from '../../database.js';

export const findFormWithOrg = (db: Db, id: string) =>
  db
    .selectFrom('forms as f')
    .innerJoin('orgs as o', 'o.id', 'f.org_id')
    .selectAll('f')
    .select(['o.path as org_path', 'o.name as org_name'])
    .where('f.id', '=', id)
    .executeTakeFirst();

export type FormRow = NonNullable<Awaited<ReturnType<typeof findFormWithOrg>>>;

/** One response of a form, as stored (the problem registry raises problems from its answers). */
export const findResponse = (db: Db, formId: string, id: string) =>
  db.selectFrom('responses').select(['id', 'form_id', 'answers', 'org_id', 'subject_id']).where('form_id', '=', formId).where('id', '=', id).executeTakeFirst();
