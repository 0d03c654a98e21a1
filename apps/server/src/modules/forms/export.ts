import { PassThrough, Readable } from 'node:stream';
import type { AnswerValue, FormDefinition, Question } from '@massline/shared';
import type { Db } from '../../database.js';
import { writeXlsx } from '../../kernel/xlsx-stream.js';

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

export interface ExportForm { id: string; anonymous: boolean; definition: FormDefinition }

/**
 * Every response as rows, header first, page by page. Rows come in the order of the random
 * response ids, which says nothing about the order in which people answered. The respondent
 * column exists only for forms that are not anonymous.
 */
async function* responseRows(db: Db, form: ExportForm): AsyncGenerator<(string | number)[]> {
  const columns = columnsOf(form.definition);
  yield ['日期', '组织', '评议对象', ...(form.anonymous ? [] : ['填写人']), ...columns.map((c) => c.header)];
  const names = new Map<string, string>();
  const nameOf = async (table: 'orgs' | 'people', id: string | null) => {
    if (!id) return '';
    if (!names.has(id)) names.set(id, (await db.selectFrom(table).select('name').where('id', '=', id).executeTakeFirst())?.name ?? '');
    return names.get(id)!;
  };
  let after = '';
  for (;;) {
    const page = await db
      .selectFrom('responses')
      .select(['id', 'day', 'answers', 'org_id', 'subject_id', 'respondent_id'])
      .where('form_id', '=', form.id)
      .where('id', '>', after)
      .orderBy('id')
      .limit(1000)
      .execute();
    for (const r of page) {
      const answers = JSON.parse(r.answers) as Record<string, AnswerValue>;
      const who = form.anonymous ? [] : [await nameOf('people', r.respondent_id)];
      yield [r.day, await nameOf('orgs', r.org_id), await nameOf('people', r.subject_id), ...who, ...columns.map((c) => c.cell(answers))];
    }
    if (page.length < 1000) break;
    after = page[page.length - 1].id;
  }
}

/** Stream every response of a form as .xlsx. */
export function exportResponses(db: Db, form: ExportForm): PassThrough {
  const out = new PassThrough();
  const widths = [12, 16, 12, ...(form.anonymous ? [] : [12]), ...columnsOf(form.definition).map(() => 24)];
  writeXlsx(out, '回答', responseRows(db, form), widths).catch((err) => out.destroy(err));
  return out;
}

/**
 * A CSV cell. Text starting like a formula is prefixed with an apostrophe, so a resident's answer
 * such as "=HYPERLINK(…)" stays text when the office opens the file in a spreadsheet.
 */
export function csvCell(value: string | number): string {
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** CSV with a byte-order mark, so spreadsheet programs read the Chinese text as UTF-8. */
export function toCsv(rows: AsyncIterable<(string | number)[]> | Iterable<(string | number)[]>): Readable {
  return Readable.from((async function* () {
    yield '\uFEFF';
    for await (const row of rows) yield `${row.map(csvCell).join(',')}\r\n`;
  })());
}

export const exportResponsesCsv = (db: Db, form: ExportForm): Readable => toCsv(responseRows(db, form));
