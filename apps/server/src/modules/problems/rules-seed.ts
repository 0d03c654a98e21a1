import type { Deps } from '../../database.js';
import { isUniqueViolation } from '../../kernel/db.js';

const numerals = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];
/**
 * The source names these rule sets but does not quote their clauses, so the clauses are numbered
 * placeholders (第一条 …) with an empty text for the office to fill in from its own documents.
 */
const placeholders = (n: number) => numerals.slice(0, n).map((num, i) => ({ key: String(i + 1), title: `第${num}条`, body: '' }));

const PENDING = '条文待领导小组办公室依据本地文件补充。';

/**
 * The rule documents the source checks conduct against (对照《党政机关厉行节约反对浪费条例》和
 * 党员干部政治纪律“八严禁”、生活作风“十二不准”等有关规定 … “四风”方面存在的问题), each a parent
 * with its clauses as children. Ids are fixed, so two processes seeding at once cannot both succeed.
 */
export const seedRuleCatalogue: { key: string; code: string; title: string; body: string; clauses: { key: string; title: string; body: string }[] }[] = [
  { key: 'frugality', code: 'frugality', title: '《党政机关厉行节约反对浪费条例》', body: '', clauses: [] },
  { key: 'political', code: 'political_discipline', title: '政治纪律“八严禁”', body: PENDING, clauses: placeholders(8) },
  { key: 'conduct', code: 'conduct_discipline', title: '生活作风“十二不准”', body: PENDING, clauses: placeholders(12) },
  {
    key: 'four-winds', code: 'four_winds', title: '“四风”问题', body: '',
    clauses: [
      { key: 'formalism', title: '形式主义', body: '' },
      { key: 'bureaucratism', title: '官僚主义', body: '' },
      { key: 'hedonism', title: '享乐主义', body: '' },
      { key: 'extravagance', title: '奢靡之风', body: '' },
    ],
  },
];

/** Fill an empty rule catalogue with the documents of the source; a catalogue with any rule is left alone. */
export async function seedRules(deps: Pick<Deps, 'db'>): Promise<number> {
  if (await deps.db.selectFrom('rules').select('id').limit(1).executeTakeFirst()) return 0;
  const rows = seedRuleCatalogue.flatMap((doc, i) => [
    { id: `seed-${doc.key}`, parent_id: null, code: doc.code, title: doc.title, body: doc.body, sort_order: (i + 1) * 10, archived_at: null },
    ...doc.clauses.map((c, j) => ({
      id: `seed-${doc.key}-${c.key}`, parent_id: `seed-${doc.key}`, code: `${doc.code}.${c.key}`, title: c.title, body: c.body, sort_order: (j + 1) * 10, archived_at: null,
    })),
  ]);
  try {
    // Part of the installation, like the schema: no audit entry (the log starts with the first person's act).
    await deps.db.insertInto('rules').values(rows).execute();
  } catch (e) {
    // Another process seeded first.
    if (isUniqueViolation(e)) return 0;
    throw e;
  }
  return rows.length;
}
