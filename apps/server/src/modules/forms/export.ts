import { PassThrough } from 'node:stream';
import type { AnswerValue, FormDefinition, Question } from '@massline/shared';
import type { Db } from '../../database.js';
import { excel } from '../orgs/roster/excel.js';

interface Column { header: string; cell(answers: Record<string, AnswerValue>): string | number }

/** One column per question, one per row of a matrix; choices shown by their labels. */
function columnsOf(def: FormDefinition): Column[] {
  const label = (q: Question & { options: { value: string; label: string }[] }, v: string) => q.options.find((o) => o.value === v)?.label ?? v;
  return def.sections.flatMap((s) => s.questions).flatMap((q): Column[] => {
    switch (q.type) {
      case 'note':
        return [];
      case 'single':
        return [{ header: q.label, cell: (a) => (a[q.key] === undefined ? '' : label(q, a[q.key] as string)) }];
      case 'multiple':
        return [{ header: q.label, cell: (a) => ((a[q.key] as string[] | undefined) ?? []).map((v) => label(q, v)).join('、') }];
      case 'matrix':
        return q.rows.map((r) => ({
          header: `${q.label}：${r.label}`,
          cell: (a) => { const v = (a[q.key] as Record<string, string> | undefined)?.[r.value]; return v === undefined ? '' : (q.scale.find((s) => s.value === v)?.label ?? v); },
        }));
      default:
        return [{ header: q.label, cell: (a) => (a[q.key] as string | number | undefined) ?? '' }];
    }
  });
}

/**
 * Stream every response of a form as .xlsx, page by page. Rows come in the order of the random
 * response ids, which says nothing about the order in which people answered.
 */
export async function exportResponses(db: Db, formId: string, def: FormDefinition): Promise<PassThrough> {
  const out = new PassThrough();
  const workbook = new (await excel()).stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
  const sheet = workbook.addWorksheet('回答');
  const columns = columnsOf(def);
  sheet.columns = [{ header: '日期', key: 'day', width: 12 }, ...columns.map((c, i) => ({ header: c.header, key: `c${i}`, width: 24 }))];
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  (async () => {
    let after = '';
    for (;;) {
      const page = await db.selectFrom('responses').select(['id', 'day', 'answers']).where('form_id', '=', formId).where('id', '>', after).orderBy('id').limit(500).execute();
      for (const r of page) {
        const answers = JSON.parse(r.answers) as Record<string, AnswerValue>;
        sheet.addRow([r.day, ...columns.map((c) => c.cell(answers))]).commit();
      }
      if (page.length < 500) break;
      after = page[page.length - 1].id;
    }
    sheet.commit();
    await workbook.commit();
  })().catch((err) => out.destroy(err));
  return out;
}
