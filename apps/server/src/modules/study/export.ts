import { PassThrough } from 'node:stream';
import type { PersonHours } from '@massline/shared';
import { writeXlsx, type Cell } from '../../kernel/xlsx-stream.js';

const hours = (minutes: number) => Math.round((minutes / 60) * 100) / 100;

async function* rows(people: PersonHours[], minHours: number | null): AsyncGenerator<Cell[]> {
  yield ['序号', '姓名', '所在组织', '参加集中学习（次）', '集中学习（学时）', '补学（学时）', '合计（学时）', ...(minHours === null ? [] : [`是否达到 ${minHours} 学时`])];
  let n = 0;
  for (const p of people) {
    yield [
      ++n, p.person.name, p.orgs.join('、'), p.sessions, hours(p.sessionMinutes), hours(p.makeupMinutes), hours(p.totalMinutes),
      ...(minHours === null ? [] : [p.below ? '未达到' : '达到']),
    ];
  }
}

/**
 * Hours per person as .xlsx, written as it goes out. The people are read in one query first (an
 * org's members: hundreds, a few thousand at most), so any error comes before the download starts.
 */
export function exportHours(people: PersonHours[], minHours: number | null): PassThrough {
  const out = new PassThrough();
  writeXlsx(out, '学时统计', rows(people, minHours), [6, 12, 30, 16, 16, 12, 14, 16]).catch((err) => out.destroy(err));
  return out;
}
