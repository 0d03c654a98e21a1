import { it } from 'vitest';
import { createTestApp } from '../test/factories.js';
import { writeFileSync } from 'node:fs';
it('dump', async () => {
  const t = await createTestApp();
  const r = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
  writeFileSync('/tmp/scratch/openapi.json', r.body);
  console.log(r.statusCode, t.app.printRoutes({ commonPrefix: false }));
  await t.close();
});
