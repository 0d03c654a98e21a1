import { ErrorResponse, IdParams, NotificationItem, NotificationListQuery, NotificationPage, ReadAllResult, UnreadCount } from '@massline/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../database.js';
import { decodeCursor, encodeCursor } from '../../kernel/cursor.js';
import { unwrap } from '../../kernel/errors.js';
import { authenticate } from '../../kernel/http.js';
import { markAllRead, markOneRead } from './commands/read.js';
import { presentNotification } from './presenters.js';
import { countUnread, listOwn } from './queries.js';

const errors = { 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 422: ErrorResponse };
const tags = ['notifications'];

/**
 * The signed-in person's own notifications. There is no policy to consult: everyone reads only
 * their own, selected by the actor's person id, so another person's id is simply not found.
 */
export function notificationsRoutes(deps: Deps) {
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();

    app.get('/api/notifications', { schema: { tags, summary: '我的提醒（最新在前，可只看未读）', querystring: NotificationListQuery, response: { 200: NotificationPage, ...errors } } }, async (req) => {
      const actor = await authenticate(req);
      const { unread, cursor, limit } = req.query;
      const rows = await listOwn(deps.db, actor.personId, { unread: unread === 'true', after: cursor ? decodeCursor(cursor) : undefined, limit });
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return { items: page.map(presentNotification), next: rows.length > limit && last ? encodeCursor(last.created_at, last.id) : null };
    });

    app.get('/api/notifications/unread-count', { schema: { tags, summary: '我的未读提醒数（铃铛角标）', response: { 200: UnreadCount, ...errors } } }, async (req) => {
      const actor = await authenticate(req);
      return { count: await countUnread(deps.db, actor.personId) };
    });

    app.post('/api/notifications/:id/read', { schema: { tags, summary: '把一条提醒标为已读', params: IdParams, response: { 200: NotificationItem, ...errors } } }, async (req) => {
      const actor = await authenticate(req);
      return presentNotification(unwrap(await markOneRead(deps, actor, req.params.id)));
    });

    app.post('/api/notifications/read-all', { schema: { tags, summary: '把我的全部提醒标为已读', response: { 200: ReadAllResult, ...errors } } }, async (req) => {
      const actor = await authenticate(req);
      return unwrap(await markAllRead(deps, actor));
    });
  };
}
