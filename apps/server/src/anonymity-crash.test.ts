import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServerDb, ensureBuilt, startServer, type RunningServer, type ServerDb } from '../test/attack-server.js';

/**
 * The ballot box acknowledges a submission only after its batch committed (docs/SECURITY.md): so a
 * kill -9 in the middle of a burst may lose submissions still waiting in memory, which were never
 * acknowledged and which the phone sends again, but never one that was acknowledged.
 */
describe('the ballot box under kill -9', () => {
  let db: ServerDb;
  let servers: RunningServer[] = [];
  beforeAll(async () => {
    ensureBuilt();
    db = await createServerDb();
  }, 180_000);
  afterAll(async () => {
    for (const s of servers) s.process.kill('SIGKILL');
    await Promise.all(servers.map((s) => s.exited));
    await db?.close();
  });

  it('a kill -9 in the middle of a burst loses no acknowledged submission: every receipt given out is found after the restart', async () => {
    const first = await startServer(db, { MASSLINE_BALLOT_WINDOW_MS: '30', MASSLINE_BALLOT_BATCH: '20' });
    servers.push(first);
    const post = (url: string, body: object) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', origin: url.replace(/\/api\/.*/, '') }, body: JSON.stringify(body) });

    const acknowledged: string[] = [];
    let failed = 0;
    let killed = false;
    let sent = 0;
    // 24 phones at once, each sending again as soon as answered, until the server is gone.
    const phone = async (p: number) => {
      for (let i = 0; ; i++) {
        sent++;
        try {
          const res = await post(`${first.url}/api/public/opinions`, { orgId: db.orgId, category: 'livelihood', content: `村里路灯不亮，第${p}-${i}次反映`, idempotencyKey: `crash-${p}-${i}-0000000000` });
          if (res.status !== 201) throw new Error(`refused: ${res.status} ${await res.text()}`);
          acknowledged.push((await res.json()).receipt);
        } catch (e) {
          if (!killed) throw e;
          failed++;
          return;
        }
        if (!killed && acknowledged.length >= 150) {
          killed = true;
          first.process.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: 24 }, (_, p) => phone(p)));
    await first.exited;
    expect(killed).toBe(true);
    // The kill hit a burst in flight: requests were waiting in the box or on the wire.
    expect(failed, `requests cut off by the kill (of ${sent})`).toBeGreaterThan(0);

    const second = await startServer(db, { MASSLINE_BALLOT_WINDOW_MS: '30' });
    servers.push(second);
    const missing: string[] = [];
    for (const receipt of acknowledged) {
      const res = await post(`${second.url}/api/public/receipts/view`, { receipt });
      if (res.status !== 200) missing.push(`${receipt}: ${res.status}`);
    }
    expect(missing, `acknowledged before the kill but not found after it (of ${acknowledged.length})`).toEqual([]);
    expect(acknowledged.length).toBeGreaterThanOrEqual(150);
  });
});
