import { AlignmentType, Document, DocumentGridType, Footer, LineRuleType, OnOffElement, Packer, PageNumber, Paragraph, TextRun } from 'docx';

/**
 * Word documents in the layout of official documents (GB/T 9704-2012 党政机关公文格式): A4, margins
 * top 37 mm / bottom 35 mm / left 28 mm / right 26 mm, so a text block of 156 × 225 mm holding 22
 * lines of 28 characters; the title in 2号 (22 pt) 小标宋, the body in 3号 (16 pt) 仿宋_GB2312,
 * headings 黑体 (一、) and 楷体_GB2312 (（一）), page numbers "— 1 —" in 4号 宋体 at the bottom,
 * on the outer edge (odd pages right, even pages left).
 *
 * Usage: `officialDocx({ title, blocks: [{ kind: 'heading1', text: '一、…' }, { kind: 'paragraph', text }] })`.
 * The helper numbers nothing: callers write "一、" / "（一）" / "1." themselves (see `headingNumber`).
 */

export type OfficialBlock =
  /** 一级标题 in 黑体, e.g. "一、存在的问题". */
  | { kind: 'heading1'; text: string }
  /** 二级标题 in 楷体_GB2312, e.g. "（一）形式主义方面". */
  | { kind: 'heading2'; text: string }
  /** 三级标题 in 仿宋_GB2312 bold, e.g. "1.学风不够扎实". */
  | { kind: 'heading3'; text: string }
  /** Body text, first line indented two characters; '\n' starts a new paragraph. */
  | { kind: 'paragraph'; text: string }
  /** A line set to the right (signature, date) four characters from the edge, or centred (a byline under the title). */
  | { kind: 'right' | 'center'; text: string }
  /** An empty line of the grid. */
  | { kind: 'blank' };

export interface OfficialDocInput {
  /** The title; '\n' breaks it into centred lines. */
  title: string;
  blocks: OfficialBlock[];
  /** The file's author property. */
  creator?: string;
}

/** 一、 二、 … for numbers up to 99. */
export function chineseNumber(n: number): string {
  const digits = '零一二三四五六七八九';
  if (n < 10) return digits[n];
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : digits[tens]}十${ones ? digits[ones] : ''}`;
}

/** The numbering of the standard's heading levels: 一、 / （一） / 1. / （1）. */
export function headingNumber(level: 1 | 2 | 3 | 4, n: number): string {
  if (level === 1) return `${chineseNumber(n)}、`;
  if (level === 2) return `（${chineseNumber(n)}）`;
  if (level === 3) return `${n}.`;
  return `（${n}）`;
}

/** Twips (1/20 pt) of a length in millimetres. */
export const mm = (v: number) => Math.round((v / 25.4) * 1440);

const PAGE = { width: mm(210), height: mm(297) };
const MARGIN = { top: mm(37), bottom: mm(35), left: mm(28), right: mm(26) };
const LINES = 22;
const CHARS = 28;
const BODY_PT = 16;
/**
 * Line pitch: 225 mm / 22 lines = 579.8 twips, rounded down so that the 22nd line still fits
 * (580 × 22 would overrun the text block by 4 twips and push it to the next page): 579 = 28.95 pt.
 */
export const LINE_PITCH = Math.floor((PAGE.height - MARGIN.top - MARGIN.bottom) / LINES);
/**
 * Character pitch: 156 mm / 28 = 15.79 pt. Word's docGrid charSpace is the difference from the
 * Normal style's font size (16 pt) in 1/4096 pt, rounded down so that 28 characters still fit:
 * -842, the figure of the usual 公文 templates.
 */
export const CHAR_SPACE = Math.floor(((PAGE.width - MARGIN.left - MARGIN.right) / 20 / CHARS - BODY_PT) * 4096);

/**
 * Fonts as Chinese offices have them installed, each with an alternative Word falls back to
 * where it is missing (written into the font table, see FONT_TABLE); Latin letters and digits
 * in Times New Roman as the standard's examples show.
 */
export const FONTS = {
  title: { name: '方正小标宋简体', alt: '华文中宋' },
  body: { name: '仿宋_GB2312', alt: '仿宋' },
  heading1: { name: '黑体', alt: 'SimHei' },
  heading2: { name: '楷体_GB2312', alt: '楷体' },
  pageNumber: { name: '宋体', alt: 'SimSun' },
} as const;
const font = (f: { name: string }, latin = 'Times New Roman') => ({ eastAsia: f.name, ascii: latin, hAnsi: latin, cs: latin });

// Sizes in half-points: 2号 22 pt, 3号 16 pt, 4号 14 pt.
const SIZE = { title: 44, body: 32, pageNumber: 28 };
// Every line of body text sits on one line of the grid, whatever the font's own leading.
const onGrid = { line: LINE_PITCH, lineRule: LineRuleType.EXACT, before: 0, after: 0 };
const twoChars = { firstLineChars: 200, firstLine: 2 * BODY_PT * 20 };

/**
 * Text on the character grid is drawn at 98 % width: Word and WPS fit 3号 characters into the
 * grid's 15.79 pt cells anyway, but LibreOffice gives a character wider than its cell two cells
 * (14 characters a line); at 98 % (15.68 pt) every renderer sets 28. The title is off the grid
 * (a 2号 character would take two cells and spread the title out), as 公文 templates set it.
 */
function run(text: string, f: { name: string }, extra: { bold?: boolean; size?: number; offGrid?: boolean } = {}) {
  return new TextRun({ text, font: font(f), size: extra.size ?? SIZE.body, bold: extra.bold, ...(extra.offGrid ? { snapToGrid: false } : { scale: 98 }) });
}

function blockParagraphs(b: OfficialBlock): Paragraph[] {
  if (b.kind === 'blank') return [new Paragraph({ spacing: onGrid, children: [] })];
  const lines = b.text.split('\n').map((l) => l.trimEnd()).filter((l, i, all) => l.length > 0 || all.length === 1);
  return lines.map((line) => {
    switch (b.kind) {
      case 'heading1':
        return new Paragraph({ spacing: onGrid, indent: twoChars, outlineLevel: 0, keepNext: true, children: [run(line, FONTS.heading1)] });
      case 'heading2':
        return new Paragraph({ spacing: onGrid, indent: twoChars, outlineLevel: 1, keepNext: true, children: [run(line, FONTS.heading2)] });
      case 'heading3':
        return new Paragraph({ spacing: onGrid, indent: twoChars, outlineLevel: 2, keepNext: true, children: [run(line, FONTS.body, { bold: true })] });
      case 'right':
        return new Paragraph({ spacing: onGrid, alignment: AlignmentType.RIGHT, indent: { right: 4 * BODY_PT * 20 }, children: [run(line, FONTS.body)] });
      case 'center':
        return new Paragraph({ spacing: onGrid, alignment: AlignmentType.CENTER, children: [run(line, FONTS.heading2)] });
      default:
        return new Paragraph({ spacing: onGrid, indent: twoChars, alignment: AlignmentType.JUSTIFIED, children: [run(line, FONTS.body)] });
    }
  });
}

/**
 * A paragraph off the character grid (w:pPr/w:snapToGrid = 0, which docx has no option for; it
 * goes first, before w:spacing and w:jc as the schema orders them). Word also honours the run's
 * own snapToGrid, LibreOffice only the paragraph's.
 */
function offGrid(p: Paragraph): Paragraph {
  (p as unknown as { properties: { root: unknown[] } }).properties.root.unshift(new OnOffElement('w:snapToGrid', false));
  return p;
}

/** "— 1 —" in 4号 宋体, one character in from the outer edge. */
function pageNumberFooter(side: 'odd' | 'even'): Footer {
  const oneChar = 14 * 20;
  return new Footer({
    children: [new Paragraph({
      alignment: side === 'odd' ? AlignmentType.RIGHT : AlignmentType.LEFT,
      indent: side === 'odd' ? { right: oneChar } : { left: oneChar },
      spacing: { line: SIZE.pageNumber * 10, lineRule: LineRuleType.EXACT, before: 0, after: 0 },
      children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: font(FONTS.pageNumber, FONTS.pageNumber.name), size: SIZE.pageNumber, snapToGrid: false })],
    })],
  });
}

/** The document, for callers that add to it before packing; most want `officialDocx`. */
export function officialDocument(input: OfficialDocInput): Document {
  const titleLines = input.title.split('\n').map((l) => l.trim()).filter(Boolean);
  return new Document({
    creator: input.creator ?? 'Massline',
    title: titleLines.join(''),
    // Odd pages carry the number on the right, even pages on the left (the outer edge when printed both sides).
    evenAndOddHeaderAndFooters: true,
    styles: {
      default: {
        // The grid's character pitch is reckoned from the Normal font size: it must be 3号.
        document: { run: { font: font(FONTS.body), size: SIZE.body }, paragraph: { spacing: onGrid } },
      },
      // Said again on the Normal style itself: LibreOffice reckons the grid from it, not from the defaults.
      paragraphStyles: [{ id: 'Normal', name: 'Normal', run: { font: font(FONTS.body), size: SIZE.body } }],
    },
    sections: [{
      properties: {
        page: {
          size: PAGE,
          // The page number's dash line sits 7 mm below the text block: 35 − 7 mm to its top, less its 14 pt line.
          margin: { ...MARGIN, header: mm(15), footer: mm(35 - 7) - SIZE.pageNumber * 10 },
        },
        grid: { type: DocumentGridType.LINES_AND_CHARS, linePitch: LINE_PITCH, charSpace: CHAR_SPACE },
      },
      footers: { default: pageNumberFooter('odd'), even: pageNumberFooter('even') },
      children: [
        ...titleLines.map((line) => offGrid(new Paragraph({
          alignment: AlignmentType.CENTER,
          // Two grid lines per title line: 22 pt characters with air around them.
          spacing: { line: LINE_PITCH * 2, lineRule: LineRuleType.EXACT, before: 0, after: 0 },
          children: [run(line, FONTS.title, { size: SIZE.title, offGrid: true })],
        }))),
        ...input.blocks.flatMap(blockParagraphs),
      ],
    }],
  });
}

/** The font table with each font's alternative (docx writes a table without them). */
const FONT_TABLE = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">${[
  ...Object.values(FONTS).map((f) => `<w:font w:name="${f.name}"><w:altName w:val="${f.alt}"/><w:charset w:val="86"/><w:family w:val="${f === FONTS.heading1 ? 'modern' : 'roman'}"/><w:pitch w:val="${f === FONTS.heading1 ? 'fixed' : 'variable'}"/></w:font>`),
  '<w:font w:name="Times New Roman"><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>',
].join('')}</w:fonts>`;

/** The packed .docx. */
export function officialDocx(input: OfficialDocInput): Promise<Buffer> {
  return Packer.toBuffer(officialDocument(input), false, [{ path: 'word/fontTable.xml', data: FONT_TABLE }]);
}
