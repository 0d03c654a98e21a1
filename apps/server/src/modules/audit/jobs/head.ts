import type { Deps } from '../../../database.js';
import { daily, type Job } from '../../../kernel/scheduler.js';
import { takeHead } from '../witness.js';

/**
 * Daily: sign the audit chain's head and keep it for publishing (public route, the office above).
 * A head taken late (the server was down at midnight) is still that day's head: it covers more.
 */
export const auditHeadJob = (deps: Deps): Job => ({
  name: 'audit.head',
  runKey: daily,
  async run(ctx) {
    const { head, created } = await takeHead(deps.db, ctx.now);
    return `${created ? 'signed' : 'already signed'} head ${head.day}: ${head.entries}:${head.hash}`;
  },
});
