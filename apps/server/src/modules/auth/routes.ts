import { ChangePasswordBody, ErrorResponse, LoginBody, Me, Ok, type Role } from '@massline/shared';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import rateLimit from '@fastify/rate-limit';
import { HttpError, unwrap } from '../../kernel/errors.js';
import { authenticate, SESSION_COOKIE } from '../../kernel/http.js';
import type { Actor, Policy } from '../../kernel/policy.js';
import type { Deps } from '../../database.js';
import { changePassword } from './commands/changePassword.js';
import { login } from './commands/login.js';
import { logout } from './commands/logout.js';
import { resolveSession, SESSION_MAX_MS } from './sessions.js';

const errors = { 401: ErrorResponse, 403: ErrorResponse, 422: ErrorResponse, 423: ErrorResponse, 429: ErrorResponse };
const tags = ['auth'];

export function authRoutes(deps: Deps, policies: Policy<string>[]) {
  const me = async (actor: Actor): Promise<Me> => {
    const grants = await deps.db
      .selectFrom('grants as g')
      .leftJoin('orgs as o', 'o.id', 'g.org_id')
      .select(['g.id', 'g.role', 'g.org_id', 'o.name'])
      .where('g.person_id', '=', actor.personId)
      // A role on an archived organisation grants nothing: do not list it.
      .where('o.archived_at', 'is', null)
      .orderBy('g.created_at')
      .execute();
    return {
      account: { id: actor.accountId, username: actor.username, mustChangePassword: actor.mustChangePassword },
      person: { id: actor.personId, name: actor.name },
      grants: grants.map((g) => ({ id: g.id, role: g.role as Role, orgId: g.org_id, orgName: g.name ?? null })),
      abilities: policies.flatMap((p) => p.actions.filter((a) => p.canSomewhere(actor, a))),
    };
  };
  const setCookie = (reply: FastifyReply, token: string) =>
    reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure: 'auto', maxAge: SESSION_MAX_MS / 1000 });

  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    if (deps.config.loginRateLimit > 0) {
      await app.register(rateLimit, {
        global: false,
        errorResponseBuilder: () => new HttpError('too_many_requests'),
      });
    }
    // Ignored when the plugin is not registered (limit 0).
    const limit = { rateLimit: { max: Math.max(1, deps.config.loginRateLimit), timeWindow: '1 minute' } };

    app.post('/api/auth/login', { config: limit, schema: { tags, summary: '登录', body: LoginBody, response: { 200: Me, ...errors } } }, async (req, reply) => {
      // req.ip is the peer, or the client a trusted proxy names (MASSLINE_TRUST_PROXY): never a claim of the client's own.
      const { token } = unwrap(await login(deps, req.body, req.ip));
      const actor = await resolveSession(deps, token);
      if (!actor) throw new HttpError('unauthenticated');
      setCookie(reply, token);
      return me(actor);
    });

    app.post('/api/auth/logout', { schema: { tags, summary: '退出登录', response: { 200: Ok, ...errors } } }, async (req, reply) => {
      const actor = await authenticate(req, { allowPendingPassword: true });
      unwrap(await logout(deps, actor));
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    });

    app.get('/api/auth/me', { schema: { tags, summary: '当前登录的账户、角色与可执行的操作', response: { 200: Me, ...errors } } }, async (req) => {
      return me(await authenticate(req, { allowPendingPassword: true }));
    });

    app.post('/api/auth/password', { schema: { tags, summary: '修改自己的密码', body: ChangePasswordBody, response: { 200: Ok, ...errors } } }, async (req) => {
      const actor = await authenticate(req, { allowPendingPassword: true });
      unwrap(await changePassword(deps, actor, req.body));
      return { ok: true as const };
    });
  };
}
