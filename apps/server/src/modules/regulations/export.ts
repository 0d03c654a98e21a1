import { PassThrough } from 'node:stream';
import { problemStatusLabels, regulationTypeLabels, type ProblemStatus, type RegulationType } from '@massline/shared';
import type { Db } from '../../database.js';
import type { Actor } from '../../kernel/policy.js';
import { writeXlsx, type Cell } from '../../kernel/xlsx-stream.js';
import { canReadProblem } from '../problems/index.js';
import { allRegulations, type ListFilter } from './read.js';

const header = ['序号', '制度名称', '制定单位', '类型', '施行日期', '内容摘要', '针对的问题', '问题数', '制度文件', '登记时间'];
const widths = [6, 36, 20, 8, 12, 48, 48, 8, 30, 18];

async function* rows(db: Db, actor: Actor, filter: ListFilter): AsyncGenerator<Cell[]> {
  yield header;
  let n = 0;
  for await (const { rows: page, problems } of allRegulations(db, filter)) {
    for (const r of page) {
      const linked = problems.get(r.id) ?? [];
      // Only the problems the reader may read are named; the count is of all of them.
      const named = linked.filter((p) => canReadProblem(actor, p)).map((p) => `${p.title}（${problemStatusLabels[p.status as ProblemStatus] ?? p.status}）`);
      yield [
        ++n, r.title, r.org_name, regulationTypeLabels[r.type as RegulationType] ?? r.type, r.effective_day, r.summary, named.join('；'), linked.length,
        r.doc_name ?? '', r.created_at.slice(0, 16).replace('T', ' '),
      ];
    }
  }
}

/** The filtered register as .xlsx, written as it is read (the filter is resolved first: errors come before the download starts). */
export function exportRegulations(db: Db, actor: Actor, filter: ListFilter): PassThrough {
  const out = new PassThrough();
  writeXlsx(out, '建章立制', rows(db, actor, filter), widths).catch((err) => out.destroy(err));
  return out;
}
