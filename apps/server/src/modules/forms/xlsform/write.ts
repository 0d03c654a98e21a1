import { MAX_TEXT_LENGTH, type FormDefinition, type Question } from '@massline/shared';
import { writeRelevance } from './relevance.js';

// Loaded on first use: ExcelJS is the heaviest dependency.
export const excel = async () => (await import('exceljs')).default;

export const LANG = 'Chinese (zh)';
const surveyColumns = ['type', 'name', `label::${LANG}`, `hint::${LANG}`, 'required', 'relevance', 'appearance', 'constraint'] as const;
type SurveyRow = Partial<Record<(typeof surveyColumns)[number], string>>;
const choiceColumns = ['list_name', 'name', `label::${LANG}`] as const;
const XML_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/**
 * Our form definition as XLSForm sheets (the inverse of parse.ts, which reads every shape written
 * here back to the same definition):
 *   section      → begin_group (appearance field-list: one section per screen) … end_group
 *   single       → select_one <key>          multiple → select_multiple <key> (+ count-selected constraint)
 *   rating       → select_one <key>, appearance likert, choices min..max (end labels if any)
 *   text         → text (multiline when long; string-length constraint below the default limit)
 *   number       → integer | decimal (+ . >= / . <= constraint)      date → date (+ date('…') bounds)
 *   matrix       → begin_group <key>, appearance table-list, one select_one <key> row per matrix
 *                  row, named <key>_<row value>, all sharing the scale list <key>
 *   note         → note
 * Labels go in `label::Chinese (zh)`: the definition holds one language.
 */
export function xlsformRows(def: FormDefinition, title: string, formId: string): { survey: SurveyRow[]; choices: string[][]; settings: string[][] } {
  const survey: SurveyRow[] = [];
  const choices: string[][] = [];
  const taken = new Set(def.sections.flatMap((s) => [s.key, ...s.questions.map((q) => q.key)]));
  const list = (name: string, options: { value: string; label: string }[]) => {
    for (const o of options) choices.push([name, o.value, o.label]);
  };
  const common = (q: Question): SurveyRow => ({
    name: q.key, [`label::${LANG}`]: q.label, ...(q.help ? { [`hint::${LANG}`]: q.help } : {}),
    ...(q.required ? { required: 'yes' } : {}), ...(q.showIf ? { relevance: writeRelevance(q.showIf) } : {}),
  });
  const bounds = (left: string, min: string | undefined, max: string | undefined) =>
    [min !== undefined ? `${left} >= ${min}` : null, max !== undefined ? `${left} <= ${max}` : null].filter(Boolean).join(' and ');

  for (const section of def.sections) {
    survey.push({ type: 'begin_group', name: section.key, [`label::${LANG}`]: section.title, appearance: 'field-list', ...(section.showIf ? { relevance: writeRelevance(section.showIf) } : {}) });
    for (const q of section.questions) {
      switch (q.type) {
        case 'single':
          survey.push({ type: `select_one ${q.key}`, ...common(q) });
          list(q.key, q.options);
          break;
        case 'multiple':
          survey.push({ type: `select_multiple ${q.key}`, ...common(q), constraint: bounds('count-selected(.)', q.minPicks?.toString(), q.maxPicks?.toString()) });
          list(q.key, q.options);
          break;
        case 'rating': {
          survey.push({ type: `select_one ${q.key}`, ...common(q), appearance: 'likert' });
          const values = Array.from({ length: q.max - q.min + 1 }, (_, i) => q.min + i);
          list(q.key, values.map((v) => ({ value: String(v), label: v === q.min && q.minLabel ? q.minLabel : v === q.max && q.maxLabel ? q.maxLabel : String(v) })));
          break;
        }
        case 'text':
          survey.push({ type: 'text', ...common(q), ...(q.long ? { appearance: 'multiline' } : {}), constraint: q.maxLength < MAX_TEXT_LENGTH ? `string-length(.) <= ${q.maxLength}` : '' });
          break;
        case 'number':
          survey.push({ type: q.integer ? 'integer' : 'decimal', ...common(q), constraint: bounds('.', q.min?.toString(), q.max?.toString()) });
          break;
        case 'date':
          survey.push({ type: 'date', ...common(q), constraint: bounds('.', q.min && `date('${q.min}')`, q.max && `date('${q.max}')`) });
          break;
        case 'note':
          survey.push({ type: 'note', ...common(q) });
          break;
        case 'matrix': {
          survey.push({ type: 'begin_group', name: q.key, [`label::${LANG}`]: q.label, ...(q.help ? { [`hint::${LANG}`]: q.help } : {}), appearance: 'table-list', ...(q.showIf ? { relevance: writeRelevance(q.showIf) } : {}) });
          q.rows.forEach((r, i) => {
            // A row value that is not an XML name cannot be part of one: such rows are numbered.
            let name = XML_NAME.test(`${q.key}_${r.value}`) ? `${q.key}_${r.value}` : `${q.key}_${i + 1}`;
            while (taken.has(name)) name = `${name}_`;
            taken.add(name);
            survey.push({ type: `select_one ${q.key}`, name, [`label::${LANG}`]: r.label, ...(q.required ? { required: 'yes' } : {}) });
          });
          survey.push({ type: 'end_group', name: q.key });
          list(q.key, q.scale);
          break;
        }
      }
    }
    survey.push({ type: 'end_group', name: section.key });
  }
  return {
    survey,
    choices,
    settings: [['form_title', 'form_id', 'default_language'], [title, formId, LANG]],
  };
}

/** The .xlsx file of a form: `survey`, `choices` and `settings` sheets. */
export async function writeXlsform(def: FormDefinition, title: string, formId: string): Promise<Buffer> {
  const { survey, choices, settings } = xlsformRows(def, title, formId);
  const workbook = new (await excel()).Workbook();
  const add = (name: string, header: readonly string[], rows: string[][], widths: number[]) => {
    const sheet = workbook.addWorksheet(name);
    sheet.columns = header.map((h, i) => ({ header: h, key: h, width: widths[i] ?? 16 }));
    sheet.getRow(1).font = { bold: true };
    // Empty cells stay empty rather than holding an empty string.
    for (const r of rows) sheet.addRow(r.map((v) => (v === '' ? null : v)));
  };
  add('survey', surveyColumns, survey.map((r) => surveyColumns.map((c) => r[c] ?? '')), [20, 22, 48, 30, 10, 40, 14, 36]);
  add('choices', choiceColumns, choices, [22, 18, 30]);
  add('settings', settings[0], settings.slice(1), [40, 30, 18]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
