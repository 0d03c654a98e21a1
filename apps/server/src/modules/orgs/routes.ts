import {
  AccountCreateBody, ErrorResponse, type PersonPage as PersonPageT, GrantCreateBody, GrantList, GrantListQuery, IdParams, Ok, Org, OrgCreateBody, OrgList,
  OrgListQuery, OrgMoveBody, OrgUpdateBody, PasswordResetBody, PeopleQuery, Person, PersonCreateBody, PersonPage,
  PersonUpdateBody, RosterImportResult,
} from '@massline/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { unwrap, HttpError } from '../../kernel/errors.js';
import { underAny } from '../../kernel/db.js';
import { authenticate, changeCounters } from '../../kernel/http.js';
import { sql } from 'kysely';
import { VersionedCache } from '../../kernel/cache.js';
import { atOrg, authorizationKey } from '../../kernel/policy.js';
import type { Deps } from '../../database.js';
import { createAccount, resetPassword } from './commands/accounts.js';
import { createGrant, revokeGrant } from './commands/grants.js';
import { createOrg, moveOrg, setOrgArchived, updateOrg } from './commands/orgs.js';
import { createPerson, updatePerson } from './commands/people.js';
import { authorizeVisible, orgsPolicy } from './policy.js';
import { presentGrant, presentOrg } from './presenters.js';
import { findOrg, grantsQuery, listOrgs } from './queries.js';
import { loadPeoplePage, loadPerson } from './read.js';
import { exportRoster, rosterTemplate } from './roster/export.js';
import { importRoster } from './roster/import.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 422: ErrorResponse };
const tags = ['orgs'];

export function orgsRoutes(deps: Deps) {
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    /** Re-read an organisation after a command, with the caller's abilities. */
    const orgOut = async (actor: Awaited<ReturnType<typeof authenticate>>, id: string) =>
      presentOrg(actor, (await listOrgs(deps.db, null, true, id))[0]);

    app.get('/api/orgs', { schema: { tags, summary: '组织架构（调用者可见部分）', querystring: OrgListQuery, response: { 200: OrgList, ...errors } } }, async (req) => {
      const actor = await authenticate(req);
      const rows = await listOrgs(deps.db, orgsPolicy.scope(actor, 'org.read'), req.query.includeArchived === 'true');
      return { items: rows.map((o) => presentOrg(actor, o)) };
    });

    app.post('/api/orgs', { schema: { tags, summary: '新建组织', body: OrgCreateBody, response: { 201: Org, ...errors } } }, async (req, reply) => {
      const actor = await authenticate(req);
      const org = unwrap(await createOrg(deps, actor, req.body));
      return reply.status(201).send(await orgOut(actor, org.id));
    });

    app.patch('/api/orgs/:id', { schema: { tags, summary: '修改组织（名称、类型）', params: IdParams, body: OrgUpdateBody, response: { 200: Org, ...errors } } }, async (req) => {
      const actor = await authenticate(req);
      unwrap(await updateOrg(deps, actor, req.params.id, req.body));
      return orgOut(actor, req.params.id);
    });

    app.post('/api/orgs/:id/move', { schema: { tags, summary: '移动组织到新的上级', params: IdParams, body: OrgMoveBody, response: { 200: Org, ...errors } } }, async (req) => {
      const actor = await authenticate(req);
      unwrap(await moveOrg(deps, actor, req.params.id, req.body));
      return orgOut(actor, req.params.id);
    });

    for (const [verb, archived] of [['archive', true], ['restore', false]] as const) {
      app.post(`/api/orgs/:id/${verb}`, { schema: { tags, summary: archived ? '归档组织' : '恢复已归档的组织', params: IdParams, response: { 200: Org, ...errors } } }, async (req) => {
        const actor = await authenticate(req);
        unwrap(await setOrgArchived(deps, actor, req.params.id, archived));
        return orgOut(actor, req.params.id);
      });
    }

    // The directory is read far more often than written: pages are cached per authorization and
    // query, and invalidated by the change counter that every write to these tables bumps.
    const peopleCache = new VersionedCache(1000);
    app.get('/api/people', { schema: { tags, summary: '人员列表（键集分页、按姓名或手机号搜索）', querystring: PeopleQuery, response: { 200: PersonPage, ...errors } } }, async (req, reply) => {
      const actor = await authenticate(req);
      const version = (await changeCounters(req, deps.db)).directory;
      const key = `${authorizationKey(actor)}|${JSON.stringify(req.query)}`;
      let body = peopleCache.get(version, key);
      if (body === undefined) {
        body = JSON.stringify(await loadPeoplePage(deps.db, actor, req.query));
        peopleCache.set(version, key, body);
      }
      // Already serialized: Fastify sends a JSON string as it is.
      return reply.type('application/json; charset=utf-8').send(body as unknown as PersonPageT);
    });

    app.get('/api/people/:id', { schema: { tags, summary: '人员详情', params: IdParams, response: { 200: Person, ...errors } } }, async (req) => {
      const actor = await authenticate(req);
      return loadPerson(deps.db, actor, req.params.id);
    });

    app.post('/api/people', { schema: { tags, summary: '新增人员', body: PersonCreateBody, response: { 201: Person, ...errors } } }, async (req, reply) => {
      const actor = await authenticate(req);
      const { id } = unwrap(await createPerson(deps, actor, req.body));
      return reply.status(201).send(await loadPerson(deps.db, actor, id));
    });

    app.patch('/api/people/:id', { schema: { tags, summary: '修改人员（含所属组织、归档）', params: IdParams, body: PersonUpdateBody, response: { 200: Person, ...errors } } }, async (req) => {
      const actor = await authenticate(req);
      unwrap(await updatePerson(deps, actor, req.params.id, req.body));
      return loadPerson(deps.db, actor, req.params.id);
    });

    app.post('/api/people/:id/account', { schema: { tags, summary: '为人员开通登录账号', params: IdParams, body: AccountCreateBody, response: { 201: Person, ...errors } } }, async (req, reply) => {
      const actor = await authenticate(req);
      unwrap(await createAccount(deps, actor, req.params.id, req.body));
      return reply.status(201).send(await loadPerson(deps.db, actor, req.params.id));
    });

    app.post('/api/people/:id/password-reset', { schema: { tags, summary: '重置人员密码（下次登录须修改）', params: IdParams, body: PasswordResetBody, response: { 200: Ok, ...errors } } }, async (req) => {
      const actor = await authenticate(req);
      unwrap(await resetPassword(deps, actor, req.params.id, req.body));
      return { ok: true as const };
    });

    app.get('/api/roster/template.xlsx', { schema: { tags, summary: '下载花名册模板（.xlsx）' } }, async (req, reply) => {
      await authenticate(req);
      return reply.type(XLSX).header('content-disposition', contentDisposition('花名册模板.xlsx')).send(await rosterTemplate());
    });

    app.get('/api/orgs/:id/roster.xlsx', { schema: { tags, summary: '导出组织（含下级）花名册（.xlsx）', params: IdParams } }, async (req, reply) => {
      const actor = await authenticate(req);
      const org = await findOrg(deps.db, req.params.id);
      if (!org) throw new HttpError('not_found');
      authorizeVisible(actor, 'roster.export', atOrg(org.path), 'org.read');
      return reply.type(XLSX).header('content-disposition', contentDisposition(`${org.name}花名册.xlsx`)).send(await exportRoster(deps.db, org));
    });

    // The roster upload is the one route that takes a file: its parsers live in a scope of their own.
    await app.register(async (scope) => {
      for (const type of [XLSX, 'application/octet-stream']) {
        scope.addContentTypeParser(type, { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
      }
      scope.withTypeProvider<ZodTypeProvider>().post(
        '/api/orgs/:id/roster',
        {
          bodyLimit: 10 * 1024 * 1024,
          config: { upload: { contentType: XLSX, description: '花名册 .xlsx 文件（表头：姓名、性别、手机号、职务、是否党员、所属组织）' } },
          schema: { tags, summary: '导入花名册：请求体为 .xlsx 文件；任一行有误则全部不导入，并返回每个错误行', params: IdParams, response: { 200: RosterImportResult, ...errors } },
        },
        async (req) => {
          const actor = await authenticate(req);
          if (!Buffer.isBuffer(req.body)) throw new HttpError('roster_unreadable');
          return unwrap(await importRoster(deps, actor, req.params.id, req.body));
        },
      );
    });

    app.get('/api/grants', { schema: { tags, summary: '角色授权列表', querystring: GrantListQuery, response: { 200: GrantList, ...errors } } }, async (req) => {
      const actor = await authenticate(req);
      let q = grantsQuery(deps.db).orderBy('g.created_at').orderBy('g.id');
      if (req.query.orgId) {
        const org = await findOrg(deps.db, req.query.orgId);
        if (!org) throw new HttpError('not_found');
        authorizeVisible(actor, 'grant.read', atOrg(org.path), 'org.read');
        q = q.where(underAny(sql.ref('o.path'), [org.path]));
      }
      if (req.query.personId) q = q.where('g.person_id', '=', req.query.personId);
      // Admin grants have no organisation: only admins (scope null) see them.
      const scope = orgsPolicy.scope(actor, 'grant.read');
      if (scope) q = q.where(underAny(sql.ref('o.path'), scope));
      return { items: (await q.execute()).map(presentGrant) };
    });

    app.post('/api/grants', { schema: { tags, summary: '授予角色', body: GrantCreateBody, response: { 201: GrantList.shape.items.element, ...errors } } }, async (req, reply) => {
      const actor = await authenticate(req);
      const { id } = unwrap(await createGrant(deps, actor, req.body));
      const row = await grantsQuery(deps.db).where('g.id', '=', id).executeTakeFirstOrThrow();
      return reply.status(201).send(presentGrant(row));
    });

    app.delete('/api/grants/:id', { schema: { tags, summary: '撤销角色', params: IdParams, response: { 200: Ok, ...errors } } }, async (req) => {
      const actor = await authenticate(req);
      unwrap(await revokeGrant(deps, actor, req.params.id));
      return { ok: true as const };
    });
  };
}

/** RFC 6266 filename*: Chinese file names survive every browser. */
const contentDisposition = (name: string) => `attachment; filename="roster.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`;
