import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as m0007 from '../../../migrations/0007_opinion_terms.js';
import { createTestApp, type TestApp } from '../../../test/factories.js';
import { insertOpinion } from '../../../test/problems.js';

describe('migration 0007: the keyword index of opinions stored before it', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(() => t.close());

  it('indexes every existing opinion, so search finds them as it finds new ones', async () => {
    await m0007.down(t.deps.db);
    const ids = [];
    for (let i = 0; i < 1203; i++) ids.push(await insertOpinion(t.deps, { orgId: t.tree.orgs.own.id, content: i % 100 ? `其他意见${i}` : `村里道路坑洼${i}` }));
    await m0007.up(t.deps.db);
    const indexed = await t.deps.db.selectFrom('opinion_terms').select((eb) => eb.fn.count<number>('opinion_id').distinct().as('n')).executeTakeFirstOrThrow();
    expect(Number(indexed.n)).toBe(1203);
    const found = (await t.as('office', { method: 'GET', url: `/api/opinions?q=${encodeURIComponent('道路')}&limit=100` })).json();
    expect(found.items).toHaveLength(13);
  });
});
