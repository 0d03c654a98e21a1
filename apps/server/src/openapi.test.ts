import { it } from 'vitest';
import { createTestApp } from '../test/factories.js';
it('dump', async () => {
  const t = await createTestApp();
  for (const [url, ct, payload] of [['/api/orgs', 'text/plain', 'hello'], ['/api/orgs', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'PK'], ['/api/auth/login', 'text/plain', 'x'], [`/api/orgs/${t.tree.orgs.own.id}/roster`, 'text/plain', 'x'], ['/api/orgs', 'application/octet-stream', 'x'], ['/api/orgs', 'multipart/form-data; boundary=x', '--x--']]) {
    const r = await t.as('office', { method: 'POST', url, payload, headers: { 'content-type': ct } });
    console.log(url, ct, r.statusCode, r.body.slice(0, 300));
  }
  const r = await t.as('office', { method: 'DELETE', url: '/api/grants/zzz', payload: 'x'.repeat(2e6), headers: { 'content-type': 'text/plain' } });
  console.log(r.statusCode, r.body);
  await t.close();
});
