import { formTemplates, type FormKind } from '@massline/shared';
import { refuse, type Outcome } from '../../../kernel/errors.js';
import { atOrg, type Actor } from '../../../kernel/policy.js';
import type { Deps } from '../../../database.js';
import { createForm } from '../commands/manage.js';
import { formsPolicy } from '../policy.js';
import { parseXlsform, type SheetRows, type XlsformSheets } from './parse.js';
import { readXlsxUpload, uploadRefusal, type UploadRefusal } from '../../../kernel/uploads.js';

/**
 * The three XLSForm sheets (names matched case-insensitively) as rows of cell texts, or the reason
 * they could not be read. Read in a child process with byte, row, column, time and memory limits
 * (kernel/uploads.ts); rows come back sparse and only filled ones, so none is iterated here
 * beyond the last filled row (at most the row limit).
 */
export async function readXlsformSheets(file: Buffer): Promise<{ ok: true; sheets: XlsformSheets } | { ok: false; reason: UploadRefusal }> {
  const read = await readXlsxUpload(file, { names: ['survey', 'choices', 'settings'] });
  if (!read.ok) return read;
  const sheets: XlsformSheets = {};
  for (const ws of read.sheets) {
    const name = ws.name.trim().toLowerCase() as keyof XlsformSheets;
    if (sheets[name]) continue; // the first sheet of a name, as before
    const rows: SheetRows = [];
    // NUL bytes are never meant in a form and PostgreSQL refuses them in text.
    for (const row of ws.rows) rows[row.r - 1] = row.cells.map((c) => c.replace(/\u0000/g, ''));
    sheets[name] = Array.from(rows, (r) => r ?? []);
  }
  return { ok: true, sheets };
}

export interface XlsformImportInput {
  orgId: string;
  kind: FormKind;
  /** Overrides the file's settings.form_title. */
  title?: string;
  anonymous?: boolean;
  distribution?: 'open' | 'codes' | 'named';
}

type Refusal = 'not_found' | 'org_archived' | 'xlsform_unreadable' | 'xlsform_invalid'
  | 'upload_too_large' | 'upload_too_many_rows' | 'upload_too_many_columns' | 'upload_too_complex';

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
  const read = file.length ? await readXlsformSheets(file) : null;
  if (read && !read.ok && read.reason !== 'unreadable') {
    const refused = uploadRefusal(read.reason);
    return refuse(refused.code, refused.params);
  }
  const sheets = read?.ok ? read.sheets : null;
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
