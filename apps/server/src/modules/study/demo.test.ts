import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDeps, type TestDeps } from '../../../test/db.js';
import { loadDemoTownship } from '../../demo/township.js';
import { seedRules } from '../problems/index.js';

describe('demo: 学习教育 of the demo township\'s campaign', () => {
  let deps: TestDeps;
  beforeAll(async () => {
    deps = await createTestDeps();
    // As `massline demo` finds the database: migrated, with the rule catalogue.
    await seedRules(deps);
    await loadDemoTownship(deps);
  });
  afterAll(() => deps?.close());

  it('has the reading list the source names, one with its Word file', async () => {
    const rows = await deps.db.selectFrom('campaign_readings').select(['seq', 'title', 'kind', 'file_name']).orderBy('seq').execute();
    expect(rows.map((r) => [Number(r.seq), r.title])).toEqual([
      [1, '中国共产党章程'], [2, '党的十八大报告'], [3, '中共中央关于全面深化改革若干重大问题的决定'], [4, '论群众路线——重要论述摘编'],
      [5, '党的群众路线教育实践活动学习文件选编'], [6, '厉行节约、反对浪费——重要论述摘编'], [7, '为民务实清廉——重要论述摘编'],
      [8, '在党的群众路线教育实践活动工作会议上的讲话'], [9, '党政机关厉行节约反对浪费条例'],
    ]);
    expect(rows.filter((r) => r.file_name).map((r) => r.file_name)).toEqual(['党政机关厉行节约反对浪费条例（学习要点）.docx']);
  });

  it('has notes approved, returned and waiting for review', async () => {
    const notes = await deps.db
      .selectFrom('study_notes as n').innerJoin('accounts as a', 'a.person_id', 'n.person_id')
      .select(['a.username', 'n.status', 'n.title']).execute();
    // Sorted here: the demo writes the notes within one millisecond, so created_at does not order them.
    expect(notes.map((n) => `${n.username}:${n.status}`).sort()).toEqual(['cadre:approved', 'cadre:returned', 'secretary:submitted']);
  });
});
