import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../database.js';

const Health = z.object({ status: z.literal('ok'), db: z.enum(['sqlite', 'postgres']), version: z.string() });

/** Health check for load balancers, and the OpenAPI document of every endpoint. */
export function systemRoutes(deps: Deps) {
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    app.get('/healthz', { schema: { tags: ['system'], summary: '健康检查', security: [], response: { 200: Health } } }, async () => ({
      status: 'ok' as const,
      db: deps.dialect,
      version: deps.config.version,
    }));
    app.get('/api/openapi.json', { schema: { hide: true } }, async () => fastify.swagger());
  };
}
