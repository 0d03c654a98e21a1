import { PassThrough } from 'node:stream';
import {
  problemCategoryLabels, problemSeverityLabels, problemStatusLabels,
  type ProblemCategory, type ProblemSeverity, type ProblemStatus,
} from '@massline/shared';
import type { Db } from '../../database.js';
import { writeXlsx, type Cell } from '../../kernel/xlsx-stream.js';
import { allProblems, type ListFilter } from './read.js';

const header = ['序号', '问题', '问题描述', '类别', '严重程度', '状态', '责任单位', '责任人', '违反的制度规定', '来源数', '登记时间'];
const widths = [6, 36, 48, 14, 10, 10, 20, 10, 30, 8, 20];

async function* rows(db: Db, filter: ListFilter): AsyncGenerator<Cell[]> {
  yield header;
  let n = 0;
  for await (const p of allProblems(db, filter)) {
    const rule = p.rule_title ? (p.rule_parent_title ? `${p.rule_parent_title} ${p.rule_title}` : p.rule_title) : '';
    yield [
      ++n, p.title, p.description, problemCategoryLabels[p.category as ProblemCategory] ?? p.category, problemSeverityLabels[p.severity as ProblemSeverity] ?? p.severity,
      problemStatusLabels[p.status as ProblemStatus] ?? p.status, p.owner_org_name, p.owner_person_name ?? '', rule, Number(p.source_count ?? 0),
      p.created_at.slice(0, 16).replace('T', ' '),
    ];
  }
}

/** The filtered list as .xlsx, written as it is read (the filter is resolved first: errors come before the download starts). */
export function exportProblems(db: Db, filter: ListFilter): PassThrough {
  const out = new PassThrough();
  writeXlsx(out, '问题清单', rows(db, filter), widths).catch((err) => out.destroy(err));
  return out;
}
