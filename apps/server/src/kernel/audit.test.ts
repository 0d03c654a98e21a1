import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDeps, type TestDeps } from '../../test/db.js';
import { appendAudit, systemActor, verifyAuditChain } from './audit.js';

describe('audit hash chain', () => {
  let deps: TestDeps;
  beforeEach(async () => {
    deps = await createTestDeps();
    for (let i = 1; i <= 5; i++) {
      await deps.db.transaction().execute((trx) =>
        appendAudit(trx, deps.dialect, deps.clock.now(), systemActor, { action: 'test.write', entityType: 'thing', entityId: `t${i}`, summary: `第 ${i} 条` }),
      );
    }
  });
  afterEach(() => deps.close());

  it('verifies an untouched chain', async () => {
    expect(await verifyAuditChain(deps.db)).toEqual({ ok: true, entries: 5, head: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it('names an entry whose content was changed', async () => {
    await deps.db.updateTable('audit_log').set({ summary: '被改过' }).where('seq', '=', 3).execute();
    expect(await verifyAuditChain(deps.db)).toMatchObject({ ok: false, seq: 3, problem: expect.stringContaining('changed') });
  });

  it('names an entry that was removed from the middle', async () => {
    await deps.db.deleteFrom('audit_log').where('seq', '=', 2).execute();
    expect(await verifyAuditChain(deps.db)).toMatchObject({ ok: false, seq: 2, problem: expect.stringContaining('removed') });
  });

  it('names entries cut off the end', async () => {
    await deps.db.deleteFrom('audit_log').where('seq', '=', 5).execute();
    expect(await verifyAuditChain(deps.db)).toMatchObject({ ok: false, seq: 5 });
  });

  it('names reordered entries', async () => {
    // Swap the contents of entries 2 and 3, keeping their positions.
    const rows = await deps.db.selectFrom('audit_log').selectAll().where('seq', 'in', [2, 3]).orderBy('seq').execute();
    await deps.db.updateTable('audit_log').set({ ...rows[1], seq: 2 }).where('seq', '=', 2).execute();
    await deps.db.updateTable('audit_log').set({ ...rows[0], seq: 3 }).where('seq', '=', 3).execute();
    expect(await verifyAuditChain(deps.db)).toMatchObject({ ok: false, seq: 2 });
  });

  it('detects an entry rewritten with a recomputed hash by the link from the next one', async () => {
    const { entryHash } = await import('./audit.js');
    const row = await deps.db.selectFrom('audit_log').selectAll().where('seq', '=', 2).executeTakeFirstOrThrow();
    const { hash: _old, ...rest } = { ...row, summary: '伪造' };
    await deps.db.updateTable('audit_log').set({ summary: '伪造', hash: entryHash(rest) }).where('seq', '=', 2).execute();
    expect(await verifyAuditChain(deps.db)).toMatchObject({ ok: false, seq: 2 });
  });
});
