import { formTemplates, type FormKind } from '@massline/shared';
import type ExcelJS from 'exceljs';
import { refuse, type Outcome } from '../../../kernel/errors.js';
import { atOrg, type Actor } from '../../../kernel/policy.js';
import type { Deps } from '../../../database.js';
import { createForm } from '../commands/manage.js';
import { formsPolicy } from '../policy.js';
import { parseXlsform, type SheetRows, type XlsformSheets } from './parse.js';
import { excel } from './write.js';

/** The text of a cell as a person typed it, whatever type Excel gave it. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value) return String(value.text);
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('error' in value) return '';
  }
  // NUL bytes are never meant in a form and PostgreSQL refuses them in text.
  return String(value).replace(/\u0000/g, '');
}

/** The three XLSForm sheets (names matched case-insensitively) as rows of cell texts, or null if unreadable. */
export async function readXlsformSheets(file: Buffer): Promise<XlsformSheets | null> {
  const workbook = new (await excel()).Workbook();
  try {
    await workbook.xlsx.load(file as unknown as ExcelJS.Buffer);
  } catch {
    return null;
  }
  const sheets: XlsformSheets = {};
  for (const ws of workbook.worksheets) {
    const name = ws.name.trim().toLowerCase();
    if (name !== 'survey' && name !== 'choices' && name !== 'settings') continue;
    const rows: SheetRows = [];
    ws.eachRow({ includeEmpty: false }, (row, n) => {
      const cells: string[] = [];
      row.eachCell({ includeEmpty: false }, (cell, col) => {
        cells[col - 1] = cellText(cell.value);
      });
      rows[n - 1] = Array.from(cells, (c) => c ?? '');
    });
    sheets[name] = Array.from(rows, (r) => r ?? []);
  }
  return sheets;
}

export interface XlsformImportInput {
  orgId: string;
  kind: FormKind;
  /** Overrides the file's settings.form_title. */
  title?: string;
  anonymous?: boolean;
  distribution?: 'open' | 'codes' | 'named';
}

type Refusal = 'not_found' | 'org_archived' | 'xlsform_unreadable' | 'xlsform_invalid';

/**
 * Import an XLSForm as a new draft. The file is read whole and checked first: with any problem
 * nothing is created and every problem is reported ({ sheet, row, column, reason }). The draft is
 * made by createForm, so it is authorized, audited and validated like one built on screen.
 * Anonymity and distribution default to those of the built-in template of the same kind.
 */
export async function importXlsform(deps: Deps, actor: Actor, input: XlsformImportInput, file: Buffer): Promise<Outcome<{ id: string }, Refusal>> {
  // Who may import is settled before the file is looked at.
  const org = await deps.db.selectFrom('orgs').select(['path']).where('id', '=', input.orgId).executeTakeFirst();
  if (!org) return refuse('not_found');
  formsPolicy.authorize(actor, 'form.manage', atOrg(org.path));
  const sheets = file.length ? await readXlsformSheets(file) : null;
  if (!sheets || (!sheets.survey && !sheets.choices && !sheets.settings)) return refuse('xlsform_unreadable');
  const parsed = parseXlsform(sheets, { title: input.title });
  if (!parsed.ok) return refuse('xlsform_invalid', { count: parsed.problems.length }, { rows: parsed.problems });
  const template = formTemplates.find((t) => t.kind === input.kind);
  return createForm(deps, actor, {
    orgId: input.orgId,
    kind: input.kind,
    title: parsed.title,
    description: '',
    anonymous: input.anonymous ?? template?.anonymous ?? true,
    distribution: input.distribution ?? template?.distribution ?? (input.kind === 'evaluation' ? 'codes' : 'open'),
    collectLocation: false,
    definition: parsed.definition,
  });
}
