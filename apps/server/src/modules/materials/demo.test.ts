import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDeps, type TestDeps } from '../../../test/db.js';
import { loadDemoTownship } from '../../demo/township.js';
import { seedRules } from '../problems/index.js';

describe('demo: check-comparison materials of the demo township\'s campaign', () => {
  let deps: TestDeps;
  beforeAll(async () => {
    deps = await createTestDeps();
    await seedRules(deps);
    await loadDemoTownship(deps);
  });
  afterAll(() => deps?.close());

  it('has one approved, one returned and being revised, one draft', async () => {
    const rows = await deps.db
      .selectFrom('materials as m').innerJoin('accounts as a', 'a.person_id', 'm.person_id')
      .select(['a.username', 'm.status', 'm.version']).execute();
    // Sorted here: the demo writes the materials within one millisecond, so created_at does not order them.
    expect(rows.map((r) => `${r.username}:${r.status}:${Number(r.version)}`).sort()).toEqual(['cadre:revised:2', 'office:draft:1', 'secretary:approved:1']);
    // (The demo is written at one instant: the actions are counted, not ordered.)
    const reviews = await deps.db.selectFrom('material_reviews').select('action').execute();
    expect(reviews.map((r) => r.action).sort()).toEqual(['approved', 'comment', 'returned', 'submitted', 'submitted']);
    // The secretary owns up to the road problem assigned to him.
    const links = await deps.db.selectFrom('material_problems as mp').innerJoin('problems as p', 'p.id', 'mp.problem_id').select(['p.title', 'mp.item_key']).execute();
    expect(links).toEqual([{ title: '红旗村三组至小学路段坑洼，长期无人管护', item_key: 'b1' }]);
  });
});
