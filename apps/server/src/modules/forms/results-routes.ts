import { ErrorResponse, FormDefinition, FormResults, type Answers, IdParams, ResultsBreakdown, ResultsQuery, TextAnswers, TextAnswersQuery } from '@massline/shared';
import type { z } from 'zod';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { decodeCursor, encodeCursor } from '../../kernel/cursor.js';
import { dialectOf, underAny } from '../../kernel/db.js';
import { HttpError } from '../../kernel/errors.js';
import { authenticate } from '../../kernel/http.js';
import { atOrg, authorizationKey, type Actor } from '../../kernel/policy.js';
import type { Deps } from '../../database.js';
import { readableForm } from './access.js';
import { exportResponses, exportResponsesCsv, toCsv } from './export.js';
import { formsPolicy } from './policy.js';
import { computeResults, resultRows, SMALL } from './results.js';
import { RESPONSES, tallyKeys } from './tallies.js';
import type { FormRow } from './queries.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 422: ErrorResponse };
const tags = ['forms'];
const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const attachment = (reply: FastifyReply, type: string, name: string) =>
  reply.type(type).header('content-disposition', `attachment; filename="download"; filename*=UTF-8''${encodeURIComponent(name)}`);

export function formResultsRoutes(deps: Deps) {
  const definitionOf = (form: FormRow) => FormDefinition.parse(JSON.parse(form.definition));
  const isOffice = (actor: Actor, form: FormRow) => formsPolicy.can(actor, 'form.manage', atOrg(form.org_path));

  /**
   * Which of the form's responses the caller sees. A form is answered throughout its org's
   * subtree, so whoever's grant covers the form's org sees them all (null). A reader of a form from
   * above (a village secretary reading the township's survey) sees only the responses from orgs
   * their grants cover: a role covers its subtree, never its parent or siblings.
   */
  const viewOf = (actor: Actor, form: FormRow): string[] | null =>
    formsPolicy.can(actor, 'form.read', atOrg(form.org_path)) ? null : (formsPolicy.scope(actor, 'form.read') ?? null);

  /**
   * A requested org must be one the caller reads in; one out of reach is 404, as if it did not
   * exist (other modules answer out-of-sight ids the same way), never silently another scope.
   */
  const requireOrgInReach = async (actor: Actor, orgId: string | undefined) => {
    if (!orgId) return;
    const org = await deps.db.selectFrom('orgs').select('path').where('id', '=', orgId).executeTakeFirst();
    if (!org || !formsPolicy.can(actor, 'form.read', atOrg(org.path))) throw new HttpError('not_found');
  };

  /** The form's responses from orgs under `view` (with the query's org and subject), joined with their org. */
  const responsesInView = (form: FormRow, view: string[], orgId?: string, subjectId?: string) => {
    let q = deps.db.selectFrom('responses as r').innerJoin('orgs as o', 'o.id', 'r.org_id').where('r.form_id', '=', form.id).where(underAny(sql.ref('o.path'), view));
    if (orgId) q = q.where('r.org_id', '=', orgId);
    if (subjectId) q = q.where('r.subject_id', '=', subjectId);
    return q;
  };

  type Tally = { question: string; item: string; value: string; count: number };
  const responsesOf = (counted: Tally[]) => counted.find((t) => t.question === RESPONSES.question && t.item === RESPONSES.item && t.value === RESPONSES.value)?.count ?? 0;

  /**
   * The tallies of what the caller sees. Whole form, one org or one subject: the kept tallies.
   * From above: the sum of the per-org tallies of the orgs in reach (each response counts in
   * exactly one org); about one subject, counted from the responses in reach, as subject tallies
   * span every org (a slice of one subject in one branch is a few rows).
   */
  const talliesInView = async (form: FormRow, view: string[] | null, q: { orgId?: string; subjectId?: string }): Promise<{ counted: Tally[]; responses: number }> => {
    if (view === null || (q.orgId && !q.subjectId)) {
      const scope = q.subjectId ? `s:${q.subjectId}` : q.orgId ? `o:${q.orgId}` : '';
      const tallies = await deps.db.selectFrom('form_tallies').select(['question', 'item', 'value', 'count']).where('form_id', '=', form.id).where('scope', '=', scope).execute();
      const counted = tallies.map((t) => ({ ...t, count: Number(t.count) }));
      return { counted, responses: scope ? responsesOf(counted) : Number(form.response_count) };
    }
    if (!q.subjectId) {
      const inReach = deps.db.selectFrom('orgs').select(sql<string>`'o:' || id`.as('scope')).where(underAny(sql.ref('path'), view));
      const tallies = await deps.db
        .selectFrom('form_tallies')
        .select((eb) => ['question', 'item', 'value', eb.fn.sum<number>('count').as('count')])
        .where('form_id', '=', form.id)
        .where('scope', 'in', inReach)
        .groupBy(['question', 'item', 'value'])
        .execute();
      const counted = tallies.map((t) => ({ ...t, count: Number(t.count) }));
      return { counted, responses: responsesOf(counted) };
    }
    const def = definitionOf(form);
    const sums = new Map<string, Tally>();
    let responses = 0;
    const rows = await responsesInView(form, view, q.orgId, q.subjectId).select('r.answers').execute();
    for (const r of rows) {
      responses += 1;
      for (const k of tallyKeys(def, JSON.parse(r.answers) as Answers)) {
        const key = `${k.question}\u0000${k.item}\u0000${k.value}`;
        const t = sums.get(key);
        if (t) t.count += 1;
        else sums.set(key, { ...k, count: 1 });
      }
    }
    return { counted: [...sums.values()], responses };
  };

  /** Results of what the caller sees of the form: the whole form, one org's or one subject's responses. */
  const results = async (actor: Actor, form: FormRow, q: z.infer<typeof ResultsQuery>) => {
    await requireOrgInReach(actor, q.orgId);
    const { counted, responses } = await talliesInView(form, viewOf(actor, form), q);
    return computeResults(form.id, definitionOf(form), responses, counted, isOffice(actor, form), q.threshold);
  };

  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();

    // The JSON of recent results, valid while the form's response count and edit time (read with
    // the form on every request, so right across processes) have not moved.
    const recent = new Map<string, { version: string; json: string }>();
    app.get('/api/forms/:id/results', { schema: { tags, summary: '统计结果（来自实时计数；可按组织或评议对象；办公室以外少于 5 的数显示为 <5）', params: IdParams, querystring: ResultsQuery, response: { 200: FormResults, ...errors } } }, async (req, reply) => {
      const actor = await authenticate(req);
      const form = await readableForm(deps, actor, req.params.id);
      await requireOrgInReach(actor, req.query.orgId);
      // A reader from above sees their part only: their grants are part of the key.
      const view = viewOf(actor, form) ? authorizationKey(actor) : '*';
      const key = `${form.id}|${isOffice(actor, form)}|${view}|${req.query.orgId ?? ''}|${req.query.subjectId ?? ''}|${req.query.threshold}`;
      // A draft's questions may change while it has no responses: its edit time is part of the version.
      const version = `${form.response_count}|${form.updated_at}`;
      let hit = recent.get(key);
      if (!hit || hit.version !== version) {
        hit = { version, json: JSON.stringify(await results(actor, form, req.query)) };
        recent.delete(key);
        if (recent.size >= 500) recent.delete(recent.keys().next().value!);
        recent.set(key, hit);
      }
      // Already JSON: sent as is (a string with a JSON content type skips serialization).
      const raw: FastifyReply = reply;
      return raw.type('application/json; charset=utf-8').send(hit.json);
    });

    for (const format of ['csv', 'xlsx'] as const) {
      app.get(`/api/forms/:id/results.${format}`, { schema: { tags, summary: `导出统计结果（.${format}）`, params: IdParams, querystring: ResultsQuery } }, async (req, reply) => {
        const actor = await authenticate(req);
        const form = await readableForm(deps, actor, req.params.id);
        const rows = resultRows(await results(actor, form, req.query));
        if (format === 'csv') return attachment(reply, 'text/csv; charset=utf-8', `${form.title}-统计结果.csv`).send(toCsv(rows));
        const workbook = new (await import('exceljs')).default.Workbook();
        const sheet = workbook.addWorksheet('统计结果');
        sheet.addRows(rows);
        sheet.getRow(1).font = { bold: true };
        sheet.columns.forEach((c, i) => { c.width = i < 3 ? 24 : 12; });
        return attachment(reply, xlsxType, `${form.title}-统计结果.xlsx`).send(Buffer.from(await workbook.xlsx.writeBuffer()));
      });
    }

    app.get('/api/forms/:id/results/breakdown', { schema: { tags, summary: '按组织、按评议对象的回答数', params: IdParams, response: { 200: ResultsBreakdown, ...errors } } }, async (req) => {
      const actor = await authenticate(req);
      const form = await readableForm(deps, actor, req.params.id);
      const full = isOffice(actor, form);
      const view = viewOf(actor, form);
      const shown = (n: number) => (full || n === 0 || n >= SMALL ? n : ('<5' as const));
      const counts = await deps.db
        .selectFrom('form_tallies')
        .select(['scope', 'count'])
        .where('form_id', '=', form.id)
        .where('question', '=', RESPONSES.question)
        .where('item', '=', '')
        .where('value', '=', RESPONSES.value)
        .where('scope', '!=', '')
        .execute();
      const ids = (prefix: string) => counts.filter((c) => c.scope.startsWith(prefix)).map((c) => ({ id: c.scope.slice(2), n: Number(c.count) }));
      const orgs = ids('o:');
      // From above, per-subject tallies would count other branches' responses: counted in reach instead.
      const subjects = view === null
        ? ids('s:')
        : (await responsesInView(form, view).where('r.subject_id', 'is not', null).select((eb) => ['r.subject_id', eb.fn.countAll<number>().as('n')]).groupBy('r.subject_id').execute())
          .map((r) => ({ id: r.subject_id!, n: Number(r.n) }));
      const orgRows = orgs.length ? await deps.db.selectFrom('orgs').select(['id', 'name', 'path']).where('id', 'in', orgs.map((o) => o.id)).execute() : [];
      const people = subjects.length ? await deps.db.selectFrom('people').select(['id', 'name']).where('id', 'in', subjects.map((s) => s.id)).execute() : [];
      // Only orgs in the caller's reach: never a parent's or a sibling's count.
      const orgById = new Map(orgRows.filter((o) => formsPolicy.can(actor, 'form.read', atOrg(o.path))).map((o) => [o.id, o]));
      const nameById = new Map(people.map((p) => [p.id, p.name]));
      return {
        orgs: orgs
          .filter((o) => orgById.has(o.id))
          .sort((a, b) => (orgById.get(a.id)!.path < orgById.get(b.id)!.path ? -1 : 1))
          .map((o) => ({ orgId: o.id, orgName: orgById.get(o.id)!.name, responses: shown(o.n) })),
        subjects: subjects
          .filter((s) => nameById.has(s.id))
          .sort((a, b) => nameById.get(a.id)!.localeCompare(nameById.get(b.id)!, 'zh-CN'))
          .map((s) => ({ personId: s.id, name: nameById.get(s.id)!, responses: shown(s.n) })),
      };
    });

    app.get('/api/forms/:id/texts', { schema: { tags, summary: '文字回答列表（分页）', params: IdParams, querystring: TextAnswersQuery.extend(ResultsQuery.pick({ orgId: true, subjectId: true }).shape), response: { 200: TextAnswers, ...errors } } }, async (req) => {
      const actor = await authenticate(req);
      const form = await readableForm(deps, actor, req.params.id);
      const question = definitionOf(form).sections.flatMap((s) => s.questions).find((q) => q.key === req.query.question);
      if (!question || question.type !== 'text') throw new HttpError('not_found');
      await requireOrgInReach(actor, req.query.orgId);
      const view = viewOf(actor, form);
      const scoped = req.query.subjectId || req.query.orgId;
      const total = view !== null
        ? Number((await responsesInView(form, view, req.query.orgId, req.query.subjectId).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())?.n ?? 0)
        : scoped
        ? Number((await deps.db.selectFrom('form_tallies').select('count').where('form_id', '=', form.id).where('scope', '=', req.query.subjectId ? `s:${req.query.subjectId}` : `o:${req.query.orgId}`)
          .where('question', '=', '').where('item', '=', '').where('value', '=', RESPONSES.value).executeTakeFirst())?.count ?? 0)
        : Number(form.response_count);
      // Outside the office a handful of answers could point at their writers: shown from 5 responses up.
      if (!isOffice(actor, form) && total < SMALL) return { items: [], nextCursor: null, hidden: true };
      const text = dialectOf(deps.db) === 'postgres'
        ? sql<string>`(answers::jsonb ->> ${question.key})`
        : sql<string>`json_extract(answers, ${`$."${question.key}"`})`;
      let q = deps.db.selectFrom('responses').select(['id', 'day', text.as('text')]).where('form_id', '=', form.id).where(text, 'is not', null).where(text, '!=', '');
      // From above: only the answers from orgs in reach.
      if (view !== null) q = q.where('org_id', 'in', deps.db.selectFrom('orgs').select('id').where(underAny(sql.ref('path'), view)));
      if (req.query.orgId) q = q.where('org_id', '=', req.query.orgId);
      if (req.query.subjectId) q = q.where('subject_id', '=', req.query.subjectId);
      if (req.query.cursor) {
        const [day, id] = decodeCursor(req.query.cursor);
        q = q.where((eb) => eb.or([eb('day', '<', day), eb.and([eb('day', '=', day), eb('id', '>', id)])]));
      }
      const rows = await q.orderBy('day', 'desc').orderBy('id').limit(req.query.limit + 1).execute();
      const page = rows.slice(0, req.query.limit);
      const last = page[page.length - 1];
      return {
        items: page.map((r) => ({ responseId: r.id, day: r.day, text: String(r.text) })),
        nextCursor: rows.length > req.query.limit ? encodeCursor(last.day, last.id) : null,
        hidden: false,
      };
    });

    for (const format of ['csv', 'xlsx'] as const) {
      app.get(`/api/forms/:id/responses.${format}`, { schema: { tags, summary: `导出全部回答（.${format}，流式；仅领导小组办公室）`, params: IdParams } }, async (req, reply) => {
        const actor = await authenticate(req);
        const form = await readableForm(deps, actor, req.params.id);
        formsPolicy.authorize(actor, 'form.manage', atOrg(form.org_path));
        const source = { id: form.id, anonymous: form.anonymous === 1, definition: definitionOf(form) };
        if (format === 'csv') return attachment(reply, 'text/csv; charset=utf-8', `${form.title}-回答.csv`).send(exportResponsesCsv(deps.db, source));
        return attachment(reply, xlsxType, `${form.title}-回答.xlsx`).send(exportResponses(deps.db, source));
      });
    }
  };
}
