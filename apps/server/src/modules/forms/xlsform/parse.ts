import { FormDefinition, MAX_TEXT_LENGTH, type ChoiceOption, type Condition, type Question, type Section } from '@massline/shared';
import { parseRelevance, type Expr } from './relevance.js';

/**
 * XLSForm (the ODK / KoboToolbox spreadsheet standard) → our form definition. Pure: it gets the
 * cell texts of the `survey`, `choices` and `settings` sheets and returns either a definition
 * and a title, or every problem found, each with its sheet, Excel row (header = row 1), column
 * and a reason in Chinese. Anything that cannot be carried over faithfully is a problem: a form
 * is imported whole or not at all.
 *
 * survey type            → our question
 *   select_one L         → single (options from list L); with appearance `likert` and choices
 *                          named min..max (min 0 or 1, max 2..10, inner labels = their numbers) → rating
 *   select_multiple L    → multiple; constraint `count-selected(.) >= n` / `<= m` → minPicks / maxPicks
 *   text                 → text (appearance `multiline` → long); constraint `string-length(.) <= n` → maxLength
 *   integer / decimal    → number (integer flag); constraint `. >= a` / `. <= b` → min / max
 *   date                 → date; constraint `. >= date('…')` / `. <= date('…')` → min / max
 *   note                 → note
 *   begin_group (top)    → a section (name → key, label → title, relevance → showIf)
 *   begin_group with appearance `table-list` whose rows are all select_one of one list → matrix
 *                          (rows named `<group>_<row>`, the list is the scale)
 *   begin_group (nested) → flattened into its section: its label becomes a note, its relevance is
 *                          and-ed into each question's
 *   start / end / today  → ignored (when a form was filled in is not a question)
 * Questions outside any group go into a section of their own, in order.
 */

export interface XlsformProblem { sheet: 'survey' | 'choices' | 'settings'; row: number; column?: string; reason: string }
/** Cell texts of a sheet, by Excel row: `rows[0]` is the header (row 1). */
export type SheetRows = string[][];
export interface XlsformSheets { survey?: SheetRows; choices?: SheetRows; settings?: SheetRows }
export type ParseOutcome = { ok: true; title: string; definition: FormDefinition } | { ok: false; problems: XlsformProblem[] };

const LABEL_MAX = 500;
const HELP_MAX = 1000;
const TITLE_MAX = 200;
const OPTION_VALUE = /^[^\s]{1,64}$/;

/** Columns holding text per language: `label`, `label::Chinese (zh)`, `label::English (en)`, … */
interface Column { index: number; base: string; lang: string | null }
const isChinese = (lang: string) => /\(zh[^)]*\)|chinese|中文|汉语|简体|繁體|繁体/i.test(lang);
const isEnglish = (lang: string) => /\(en[^)]*\)|english|英文|英语/i.test(lang);

class Sheet {
  readonly columns: Column[];
  constructor(readonly name: XlsformProblem['sheet'], readonly rows: SheetRows) {
    this.columns = (rows[0] ?? []).map((h, index) => {
      const [base, ...lang] = h.split('::');
      return { index, base: base.trim().toLowerCase().replace(/\s+/g, '_'), lang: lang.length ? lang.join('::').trim() : null };
    }).filter((c) => c.base !== '');
  }
  has(base: string) {
    return this.columns.some((c) => c.base === base && c.lang === null);
  }
  cell(row: number, base: string): string {
    const col = this.columns.find((c) => c.base === base && c.lang === null);
    return col ? (this.rows[row - 1]?.[col.index] ?? '').trim() : '';
  }
  /** Text in the preferred language: Chinese, then the plain column, then English, then any other. */
  text(row: number, base: string): { text: string; column: string } {
    const cols = this.columns.filter((c) => c.base === base);
    const rank = (c: Column) => (c.lang === null ? 1 : isChinese(c.lang) ? 0 : isEnglish(c.lang) ? 2 : 3);
    for (const c of [...cols].sort((a, b) => rank(a) - rank(b))) {
      const v = (this.rows[row - 1]?.[c.index] ?? '').trim();
      if (v) return { text: v, column: c.lang === null ? c.base : `${c.base}::${c.lang}` };
    }
    return { text: '', column: base };
  }
  /** Filled cells of columns we cannot carry over (media, choice filters, defaults …). */
  filled(row: number, bases: readonly string[]): string[] {
    return this.columns.filter((c) => bases.includes(c.base) && (this.rows[row - 1]?.[c.index] ?? '').trim() !== '').map((c) => (c.lang ? `${c.base}::${c.lang}` : c.base));
  }
  get lastRow() {
    return this.rows.length;
  }
}

const unsupportedTypes: Record<string, string> = {
  begin_repeat: '不支持重复组（repeat）', end_repeat: '不支持重复组（repeat）',
  calculate: '不支持计算字段（calculate）', hidden: '不支持隐藏字段（hidden）',
  geopoint: '不支持定位题（geopoint）', geotrace: '不支持轨迹题（geotrace）', geoshape: '不支持区域题（geoshape）', 'start-geopoint': '不支持定位（start-geopoint）',
  image: '不支持图片题（image）', audio: '不支持录音题（audio）', video: '不支持视频题（video）', file: '不支持文件题（file）', 'background-audio': '不支持录音（background-audio）',
  barcode: '不支持扫码题（barcode）', time: '不支持时间题（time），请改用日期题（date）', datetime: '不支持日期时间题（datetime），请改用日期题（date）',
  range: '不支持滑块题（range），请改用 select_one 量表', rank: '不支持排序题（rank）', acknowledge: '不支持确认题（acknowledge）', trigger: '不支持 trigger 题型',
  select_one_from_file: '不支持从文件读取选项（select_one_from_file）', select_multiple_from_file: '不支持从文件读取选项（select_multiple_from_file）',
  deviceid: '本系统不收集设备或身份信息（deviceid）', phonenumber: '本系统不收集设备或身份信息（phonenumber）', simserial: '本系统不收集设备或身份信息（simserial）',
  subscriberid: '本系统不收集设备或身份信息（subscriberid）', username: '本系统不收集设备或身份信息（username）', email: '本系统不收集设备或身份信息（email）', audit: '不支持 audit 记录',
};
const ignoredTypes = new Set(['start', 'end', 'today']);
const typeAliases: Record<string, string> = {
  'begin group': 'begin_group', 'end group': 'end_group', 'begin repeat': 'begin_repeat', 'end repeat': 'end_repeat',
  'select one': 'select_one', select1: 'select_one', 'select multiple': 'select_multiple', 'select all that apply': 'select_multiple',
  int: 'integer', string: 'text',
};
/** Columns whose content changes what is asked or stored, which our model cannot hold. */
const surveyColumnsRefused = ['choice_filter', 'calculation', 'repeat_count', 'trigger', 'default', 'media', 'image', 'audio', 'video', 'big-image'];

/** A survey row read into a tree: a question, or a group with its rows. */
type Node =
  | { kind: 'question'; row: number; type: string; list: string | null }
  | { kind: 'group'; row: number; children: Node[] };

function readType(raw: string): { type: string; list: string | null; extra: string[] } {
  let t = raw.trim().replace(/\s+/g, ' ');
  const lower = t.toLowerCase();
  for (const [alias, canonical] of Object.entries(typeAliases)) {
    if (lower === alias || lower.startsWith(`${alias} `)) t = canonical + t.slice(alias.length);
  }
  const [type, list = null, ...extra] = t.split(' ');
  return { type: type.toLowerCase(), list, extra };
}

const yes = new Set(['yes', 'true', '1', 'true()']);
const no = new Set(['', 'no', 'false', '0', 'false()']);

export function parseXlsform(sheets: XlsformSheets, opts: { title?: string } = {}): ParseOutcome {
  const problems: XlsformProblem[] = [];
  const survey = new Sheet('survey', sheets.survey ?? []);
  const choices = new Sheet('choices', sheets.choices ?? []);
  const settings = new Sheet('settings', sheets.settings ?? []);
  const bad = (sheet: Sheet, row: number, reason: string, column?: string) => problems.push({ sheet: sheet.name, row, ...(column ? { column } : {}), reason });

  if (!sheets.survey) bad(survey, 1, '缺少 survey 工作表');
  else for (const col of ['type', 'name']) if (!survey.has(col)) bad(survey, 1, `survey 工作表缺少“${col}”列`, col);

  // --- choices: list name → options, with the row of each list's first choice
  const lists = new Map<string, { row: number; options: ChoiceOption[] }>();
  if (sheets.choices) {
    const listCol = 'list_name';
    if (!choices.has('list_name')) bad(choices, 1, 'choices 工作表缺少“list_name”列', 'list_name');
    if (!choices.has('name')) bad(choices, 1, 'choices 工作表缺少“name”列', 'name');
    for (let r = 2; r <= choices.lastRow; r++) {
      const listName = choices.cell(r, listCol);
      const name = choices.cell(r, 'name');
      const label = choices.text(r, 'label');
      if (!listName && !name && !label.text) continue;
      if (!listName) { bad(choices, r, '缺少选项列表名（list_name）', 'list_name'); continue; }
      const list = lists.get(listName) ?? { row: r, options: [] };
      lists.set(listName, list);
      if (!OPTION_VALUE.test(name)) bad(choices, r, name ? `选项名“${name}”不能含空格，且不能超过 64 个字符` : '缺少选项名（name）', 'name');
      else if (list.options.some((o) => o.value === name)) bad(choices, r, `选项列表“${listName}”中选项名“${name}”重复`, 'name');
      if (!label.text) bad(choices, r, '缺少选项文字（label）', 'label');
      else if (label.text.length > LABEL_MAX) bad(choices, r, `选项文字不能超过 ${LABEL_MAX} 个字`, label.column);
      for (const col of choices.filled(r, ['media', 'image', 'audio', 'video'])) bad(choices, r, `不支持选项中的媒体文件（${col}）`, col);
      list.options.push({ value: name, label: label.text });
    }
  }

  // --- survey rows → a tree of groups and questions
  const root: Node[] = [];
  const stack: { node: Extract<Node, { kind: 'group' }> | null; repeat: boolean; row: number }[] = [{ node: null, repeat: false, row: 1 }];
  const add = (n: Node) => (stack[stack.length - 1].node?.children ?? root).push(n);
  if (sheets.survey && survey.has('type') && survey.has('name')) {
    for (let r = 2; r <= survey.lastRow; r++) {
      const rawType = survey.cell(r, 'type');
      if (!rawType) {
        if (survey.cell(r, 'name') || survey.text(r, 'label').text) bad(survey, r, '缺少题型（type）', 'type');
        continue;
      }
      const { type, list, extra } = readType(rawType);
      if (type === 'end_group' || type === 'end_repeat') {
        const top = stack[stack.length - 1];
        if (!top.node && !top.repeat) bad(survey, r, `“${rawType}”没有对应的开始行`, 'type');
        else stack.pop();
        continue;
      }
      if (ignoredTypes.has(type)) continue;
      const name = survey.cell(r, 'name');
      if (stack.some((s) => s.repeat)) {
        // Inside a repeat (already reported): only keep count of its groups, so its end is found.
        if (type === 'begin_group' || type === 'begin_repeat') stack.push({ node: null, repeat: true, row: r });
        continue;
      }
      if (type === 'begin_repeat') {
        bad(survey, r, unsupportedTypes[type], 'type');
        stack.push({ node: null, repeat: true, row: r });
        continue;
      }
      if (Object.hasOwn(unsupportedTypes, type)) { bad(survey, r, unsupportedTypes[type], 'type'); continue; }
      const known = ['begin_group', 'select_one', 'select_multiple', 'text', 'integer', 'decimal', 'date', 'note'];
      if (!known.includes(type)) { bad(survey, r, `不支持的题型“${rawType}”`, 'type'); continue; }
      if (!name) bad(survey, r, '缺少名称（name）', 'name');
      else if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(name)) bad(survey, r, `名称“${name}”须以字母或下划线开头，只含字母、数字和 _ . -`, 'name');
      for (const col of survey.filled(r, surveyColumnsRefused)) bad(survey, r, `不支持“${col}”列`, col);
      if (survey.cell(r, 'read_only') && !no.has(survey.cell(r, 'read_only').toLowerCase())) bad(survey, r, '不支持只读题（read_only）', 'read_only');
      if (type === 'begin_group') {
        const group: Node = { kind: 'group', row: r, children: [] };
        add(group);
        stack.push({ node: group, repeat: false, row: r });
        continue;
      }
      if (type === 'select_one' || type === 'select_multiple') {
        if (!list) { bad(survey, r, `“${type}”后须写选项列表名，如“${type} yes_no”`, 'type'); continue; }
        if (extra.length) { bad(survey, r, extra[0] === 'or_other' ? '不支持“其他（请注明）”选项（or_other）' : `无法识别的题型“${rawType}”`, 'type'); continue; }
        if (!lists.has(list)) { bad(survey, r, `choices 工作表中没有选项列表“${list}”`, 'type'); continue; }
      } else if (list) { bad(survey, r, `无法识别的题型“${rawType}”`, 'type'); continue; }
      add({ kind: 'question', row: r, type, list });
    }
    for (const open of stack.slice(1)) bad(survey, open.row, '分组没有结束行（end_group）', 'type');
  }

  // --- tree → sections, checking every question against what came before it
  const seen = new Map<string, Question>();
  const keyRows = new Map<string, number>();
  const sections: Section[] = [];
  /** Where each section and question came from, to place a late problem on its row. */
  const sectionRows: number[] = [];
  const questionRows: number[][] = [];
  let implicit: Section | null = null;

  /** A name that becomes one of our keys (matrix row names do not). */
  const keyOf = (row: number) => {
    const key = survey.cell(row, 'name');
    if (key.length > 64) bad(survey, row, `名称“${key}”不能超过 64 个字符`, 'name');
    return key;
  };
  const label = (row: number, what: string, required = true) => {
    const l = survey.text(row, 'label');
    if (!l.text && required) bad(survey, row, `缺少${what}文字（label）`, 'label');
    if (l.text.length > LABEL_MAX) bad(survey, row, `${what}文字不能超过 ${LABEL_MAX} 个字`, l.column);
    return l.text;
  };
  const help = (row: number) => {
    const h = survey.text(row, 'hint');
    if (h.text.length > HELP_MAX) bad(survey, row, `提示文字不能超过 ${HELP_MAX} 个字`, h.column);
    return h.text || undefined;
  };
  const required = (row: number) => {
    const v = survey.cell(row, 'required').toLowerCase();
    if (yes.has(v)) return true;
    if (!no.has(v)) bad(survey, row, `required 只能填 yes 或 no，不能是“${survey.cell(row, 'required')}”`, 'required');
    return false;
  };
  const appearance = (row: number) => survey.cell(row, 'appearance').toLowerCase().split(/\s+/).filter(Boolean);
  /** `relevance`, or pyxform's older spelling `relevant`. */
  const relevanceCell = (row: number) => {
    const column = survey.cell(row, 'relevance') || !survey.has('relevant') ? 'relevance' : 'relevant';
    return { src: survey.cell(row, column), column };
  };
  const relevance = (row: number): Condition | undefined => {
    const { src, column } = relevanceCell(row);
    if (!src) return undefined;
    const expr = parseRelevance(src);
    if (!expr) {
      bad(survey, row, `无法识别的显示条件“${src}”（只支持 \${题} = '值'、\${题} != '值'、selected(\${题}, '值')、not(…)、and、or 和括号）`, column);
      return undefined;
    }
    const problemsBefore = problems.length;
    const c = toCondition(expr, (reason) => bad(survey, row, reason, column));
    return problems.length === problemsBefore ? c : undefined;
  };
  const toCondition = (e: Expr, fail: (reason: string) => void, depth = 0): Condition => {
    if (depth > 10) {
      fail('显示条件嵌套过深（最多 10 层）');
      return { question: '', op: 'answered' };
    }
    if ('all' in e || 'any' in e) {
      const parts = ('all' in e ? e.all : e.any).map((x) => toCondition(x, fail, depth + 1));
      if (parts.length > 20) fail('一个显示条件中用 and / or 连接的条件不能超过 20 个');
      return 'all' in e ? { all: parts } : { any: parts };
    }
    if ('not' in e) {
      const inner = e.not;
      if ('op' in inner && inner.op === 'selected') return { ...(toCondition(inner, fail, depth + 1) as { question: string; value: string }), op: 'not_contains' };
      return { not: toCondition(inner, fail, depth + 1) };
    }
    const target = seen.get(e.ref);
    if (!target) {
      fail(`显示条件引用的“${e.ref}”不是前面的题目`);
      return { question: e.ref, op: 'answered' };
    }
    if (e.value === '' && e.op !== 'selected') return { question: e.ref, op: e.op === 'eq' ? 'not_answered' : 'answered' };
    if (!OPTION_VALUE.test(e.value)) fail(`显示条件中的值“${e.value}”不能为空、含空格或超过 64 个字符`);
    const options = target.type === 'single' || target.type === 'multiple' ? target.options.map((o) => o.value) : null;
    if (options && !options.includes(e.value)) fail(`“${e.value}”不是“${e.ref}”的选项`);
    if (e.op === 'selected') {
      if (!options) fail(`selected() 只能用于选择题，“${e.ref}”不是选择题`);
      return { question: e.ref, op: 'contains', value: e.value };
    }
    if (target.type === 'multiple') fail(`多选题“${e.ref}”请用 selected(\${${e.ref}}, '${e.value}') 判断是否选中某项`);
    else if (target.type === 'rating' || target.type === 'number' || target.type === 'matrix') fail(`不支持按“${e.ref}”的取值设置显示条件（只能判断是否已回答）`);
    const is: Condition = { question: e.ref, op: 'is', value: e.value };
    // ODK: `${f} != 'v'` holds while f is unanswered too.
    return e.op === 'eq' ? is : { not: is };
  };
  /** A constraint cell as a list of `<left> <op> <right>` terms joined by `and`. */
  const constraint = (row: number, forms: { left: RegExp; right: RegExp }, allowed: string): { op: '>=' | '<='; value: string }[] => {
    const src = survey.cell(row, 'constraint');
    if (!src) return [];
    const terms = src.split(/\s+and\s+/);
    const out: { op: '>=' | '<='; value: string }[] = [];
    for (const term of terms) {
      const m = /^\s*(.+?)\s*(>=|<=)\s*(.+?)\s*$/.exec(term);
      const right = m ? forms.right.exec(m[3]) : null;
      if (!m || !forms.left.test(m[1]) || !right) {
        bad(survey, row, `不支持的约束条件“${src}”（此题只支持 ${allowed}）`, 'constraint');
        return [];
      }
      out.push({ op: m[2] as '>=' | '<=', value: right[1] });
    }
    return out;
  };
  const bounds = (row: number, forms: { left: RegExp; right: RegExp }, allowed: string) => {
    const terms = constraint(row, forms, allowed);
    return { min: terms.find((t) => t.op === '>=')?.value, max: terms.find((t) => t.op === '<=')?.value };
  };
  const NUMBER = /^(-?\d+(?:\.\d+)?)$/;

  const question = (n: Extract<Node, { kind: 'question' }>, inherited: Condition | undefined): Question | null => {
    const key = keyOf(n.row);
    const base = { key, label: label(n.row, n.type === 'note' ? '说明' : '题目'), help: help(n.row), required: n.type === 'note' ? false : required(n.row) };
    const own = relevance(n.row);
    const showIf = inherited && own ? { all: [inherited, own] } : (inherited ?? own);
    const q = { ...base, ...(showIf ? { showIf } : {}) };
    const options = n.list ? lists.get(n.list)!.options : [];
    const optionCount = (min: number, max: number) => {
      if (options.length < min || options.length > max) bad(survey, n.row, `选项列表“${n.list}”须有 ${min} 到 ${max} 个选项（现有 ${options.length} 个）`, 'type');
    };
    switch (n.type) {
      case 'note':
        if (yes.has(survey.cell(n.row, 'required').toLowerCase())) bad(survey, n.row, '说明（note）不能设为必答', 'required');
        return { ...q, type: 'note', required: false };
      case 'select_one': {
        const rating = appearance(n.row).includes('likert') ? asRating(options) : null;
        if (rating) return { ...q, type: 'rating', ...rating };
        optionCount(2, 100);
        return { ...q, type: 'single', options };
      }
      case 'select_multiple': {
        optionCount(2, 100);
        const { min, max } = bounds(n.row, { left: /^count-selected\(\s*\.\s*\)$/, right: /^(\d+)$/ }, 'count-selected(.) >= 最少项数、count-selected(.) <= 最多项数');
        const minPicks = min === undefined ? undefined : Number(min);
        const maxPicks = max === undefined ? undefined : Number(max);
        if ((maxPicks !== undefined && (maxPicks < 1 || maxPicks > options.length)) || (minPicks ?? 0) > (maxPicks ?? options.length)) {
          bad(survey, n.row, `可选项数的上下限与 ${options.length} 个选项不符`, 'constraint');
        }
        return { ...q, type: 'multiple', options, ...(minPicks !== undefined ? { minPicks } : {}), ...(maxPicks !== undefined ? { maxPicks } : {}) };
      }
      case 'text': {
        const { min, max } = bounds(n.row, { left: /^string-length\(\s*\.\s*\)$/, right: /^(\d+)$/ }, 'string-length(.) <= 最多字数');
        if (min !== undefined) bad(survey, n.row, '不支持最少字数的约束', 'constraint');
        const maxLength = max === undefined ? MAX_TEXT_LENGTH : Number(max);
        if (maxLength < 1 || maxLength > MAX_TEXT_LENGTH) bad(survey, n.row, `最多字数须在 1 到 ${MAX_TEXT_LENGTH} 之间`, 'constraint');
        return { ...q, type: 'text', long: appearance(n.row).includes('multiline'), maxLength };
      }
      case 'integer':
      case 'decimal': {
        const { min, max } = bounds(n.row, { left: /^\.$/, right: NUMBER }, '. >= 最小值、. <= 最大值');
        if (min !== undefined && max !== undefined && Number(min) > Number(max)) bad(survey, n.row, '最小值大于最大值', 'constraint');
        return { ...q, type: 'number', integer: n.type === 'integer', ...(min !== undefined ? { min: Number(min) } : {}), ...(max !== undefined ? { max: Number(max) } : {}) };
      }
      case 'date': {
        const { min, max } = bounds(n.row, { left: /^\.$/, right: /^date\(\s*['"](\d{4}-\d{2}-\d{2})['"]\s*\)$/ }, ". >= date('YYYY-MM-DD')、. <= date('YYYY-MM-DD')");
        if (min && max && min > max) bad(survey, n.row, '最早日期晚于最晚日期', 'constraint');
        return { ...q, type: 'date', ...(min ? { min } : {}), ...(max ? { max } : {}) };
      }
    }
    return null;
  };

  /** A `table-list` group of select_one rows sharing one list (an optional `label` header row first). */
  const matrixShape = (g: Extract<Node, { kind: 'group' }>) => {
    if (!appearance(g.row).includes('table-list')) return null;
    let rows = g.children;
    if (rows[0]?.kind === 'question' && appearance(rows[0].row).includes('label')) rows = rows.slice(1);
    if (rows.length < 1) return null;
    const list = rows[0].kind === 'question' ? rows[0].list : null;
    const same = rows.every((r) => r.kind === 'question' && r.type === 'select_one' && r.list === list);
    return list && same ? { rows: rows as Extract<Node, { kind: 'question' }>[], list } : null;
  };
  const matrix = (g: Extract<Node, { kind: 'group' }>, shape: NonNullable<ReturnType<typeof matrixShape>>, inherited: Condition | undefined): Question => {
    const key = keyOf(g.row);
    const names = shape.rows.map((r) => survey.cell(r.row, 'name'));
    names.forEach((nm, i) => {
      if (names.indexOf(nm) < i) bad(survey, shape.rows[i].row, `名称“${nm}”与第 ${shape.rows[names.indexOf(nm)].row} 行重复`, 'name');
    });
    const prefix = `${key}_`;
    const strip = names.every((nm) => nm.startsWith(prefix) && nm.length > prefix.length);
    const required = shape.rows.map((r) => yes.has(survey.cell(r.row, 'required').toLowerCase()));
    if (required.some((x) => x !== required[0])) bad(survey, g.row, '表格题的各行须同时为必答或同时为非必答', 'required');
    for (const r of shape.rows) {
      const rel = relevanceCell(r.row);
      if (rel.src) bad(survey, r.row, '表格题中的行不能单独设置显示条件', rel.column);
      if (survey.cell(r.row, 'constraint')) bad(survey, r.row, '表格题中的行不支持约束条件', 'constraint');
      label(r.row, '表格行');
    }
    const scale = lists.get(shape.list)!.options;
    if (shape.rows.length > 50) bad(survey, g.row, `表格题最多 50 行（现有 ${shape.rows.length} 行）`, 'type');
    if (scale.length < 2 || scale.length > 11) bad(survey, shape.rows[0].row, `表格题的选项列表“${shape.list}”须有 2 到 11 个选项（现有 ${scale.length} 个）`, 'type');
    const own = relevance(g.row);
    const showIf = inherited && own ? { all: [inherited, own] } : (inherited ?? own);
    return {
      key, type: 'matrix', label: label(g.row, '表格题'), help: help(g.row), required: required[0] ?? false, ...(showIf ? { showIf } : {}),
      rows: shape.rows.map((r, i) => ({ value: strip ? names[i].slice(prefix.length) : names[i], label: survey.text(r.row, 'label').text })),
      scale,
    };
  };

  /** The questions of a group, nested groups flattened (their label a note, their relevance and-ed in). */
  const flatten = (children: Node[], inherited: Condition | undefined, into: { q: Question; row: number }[]) => {
    const keep = (q: Question, row: number) => {
      // Our keys are unique in the whole form (XLSForm only asks it within a group).
      if (keyRows.has(q.key)) bad(survey, row, `名称“${q.key}”与第 ${keyRows.get(q.key)} 行重复`, 'name');
      else keyRows.set(q.key, row);
      into.push({ q, row });
      seen.set(q.key, q);
    };
    for (const n of children) {
      if (n.kind === 'question') {
        const q = question(n, inherited);
        if (q) keep(q, n.row);
        continue;
      }
      const shape = matrixShape(n);
      if (shape) {
        keep(matrix(n, shape, inherited), n.row);
        continue;
      }
      const own = relevance(n.row);
      const cond = inherited && own ? { all: [inherited, own] } : (inherited ?? own);
      const heading = survey.text(n.row, 'label').text;
      if (heading) {
        keep({ key: keyOf(n.row), type: 'note', label: label(n.row, '分组'), required: false, ...(cond ? { showIf: cond } : {}) }, n.row);
      }
      flatten(n.children, cond, into);
    }
  };

  const push = (section: Section, row: number, rows: number[]) => {
    sections.push(section);
    sectionRows.push(row);
    questionRows.push(rows);
  };
  const sectionKeys = new Set(root.filter((n) => n.kind === 'group').map((n) => survey.cell(n.row, 'name')));
  const implicitKey = () => {
    let i = sections.length + 1;
    while (sectionKeys.has(`section_${i}`)) i++;
    sectionKeys.add(`section_${i}`);
    return `section_${i}`;
  };
  for (const n of root) {
    const topGroup = n.kind === 'group' && !matrixShape(n);
    if (!topGroup) {
      const into: { q: Question; row: number }[] = [];
      flatten([n], undefined, into);
      if (!implicit) {
        implicit = { key: implicitKey(), title: '', questions: [] };
        push(implicit, n.row, []);
      }
      implicit.questions.push(...into.map((x) => x.q));
      questionRows[questionRows.length - 1].push(...into.map((x) => x.row));
      continue;
    }
    implicit = null;
    const key = keyOf(n.row);
    const twin = sections.findIndex((s) => s.key === key);
    if (twin >= 0) bad(survey, n.row, `分组名称“${key}”与第 ${sectionRows[twin]} 行重复`, 'name');
    const title = survey.text(n.row, 'label');
    if (title.text.length > TITLE_MAX) bad(survey, n.row, `分组标题不能超过 ${TITLE_MAX} 个字`, title.column);
    const showIf = relevance(n.row);
    const into: { q: Question; row: number }[] = [];
    flatten(n.children, undefined, into);
    if (into.length === 0) bad(survey, n.row, `分组“${key}”中没有题目`, 'type');
    if (into.length > 200) bad(survey, n.row, `一个分组最多 200 道题（现有 ${into.length} 道）`, 'type');
    push({ key, title: title.text, ...(showIf ? { showIf } : {}), questions: into.map((x) => x.q) }, n.row, into.map((x) => x.row));
  }
  if (sheets.survey && sections.length === 0 && problems.length === 0) bad(survey, 2, '问卷中没有任何题目', 'type');
  if (sections.length > 50) bad(survey, sectionRows[50], `最多 50 个分组（现有 ${sections.length} 个）`, 'type');

  // --- title: the request's, else settings.form_title
  const formTitle = opts.title ?? (sheets.settings ? settings.text(2, 'form_title').text : '');
  if (!formTitle) bad(settings, 2, '缺少问卷标题：请在 settings 工作表的 form_title 列填写，或导入时指定标题', 'form_title');
  else if (formTitle.length > TITLE_MAX) bad(settings, 2, `问卷标题不能超过 ${TITLE_MAX} 个字`, 'form_title');

  if (problems.length) return { ok: false, problems: sortProblems(problems) };

  // Every rule of the definition was checked above with its row; this is the safety net.
  const parsed = FormDefinition.safeParse({ sections });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const [, si, , qi] = issue.path as (string | number)[];
      const row = typeof qi === 'number' ? questionRows[si as number]?.[qi] : typeof si === 'number' ? sectionRows[si] : 1;
      bad(survey, row ?? 1, `题目定义有误：${issue.message}`);
    }
    return { ok: false, problems: sortProblems(problems) };
  }
  return { ok: true, title: formTitle, definition: parsed.data };
}

/** A likert select_one whose choices are exactly min..max, inner ones labelled with their numbers. */
function asRating(options: ChoiceOption[]): { min: number; max: number; minLabel?: string; maxLabel?: string } | null {
  const min = Number(options[0]?.value);
  const max = min + options.length - 1;
  if (!(min === 0 || min === 1) || max < 2 || max > 10) return null;
  if (!options.every((o, i) => o.value === String(min + i))) return null;
  if (!options.slice(1, -1).every((o) => o.label === o.value)) return null;
  const first = options[0].label;
  const last = options[options.length - 1].label;
  return { min, max, ...(first !== String(min) ? { minLabel: first } : {}), ...(last !== String(max) ? { maxLabel: last } : {}) };
}

const sheetOrder = { settings: 0, survey: 1, choices: 2 };
function sortProblems(problems: XlsformProblem[]): XlsformProblem[] {
  return [...problems].sort((a, b) => sheetOrder[a.sheet] - sheetOrder[b.sheet] || a.row - b.row);
}
