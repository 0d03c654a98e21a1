import { rectificationStatusLabels, type Plan, type RectificationStatus } from '@massline/shared';
import { AlignmentType, Document, Footer, Packer, PageNumber, PageOrientation, Paragraph, Table, TableCell, TableRow, TextRun, VerticalAlign, WidthType } from 'docx';
import type { Cell } from '../../kernel/xlsx-stream.js';

/** The official list's columns (序号 / 问题 / 整改措施 / 责任人 / 完成时限 / 进展). */
export const PLAN_HEADERS = ['序号', '问题', '整改措施', '责任人', '完成时限', '进展'];

const progressText = (i: Plan['items'][number]) =>
  `${rectificationStatusLabels[i.status as RectificationStatus]}，${i.progress}%${i.overdue ? '（逾期）' : ''}`;

/** The list as table rows: the same content for the spreadsheet, the Word document and the printed page. */
export function planRows(plan: Plan): string[][] {
  return plan.items.map((i, n) => [
    String(n + 1),
    i.problems.map((p) => p.title).join('；'),
    `${i.title}：${i.measures}`,
    i.ownerPerson ? `${i.ownerPerson.name}（${i.ownerOrgName}）` : i.ownerOrgName,
    i.deadline,
    progressText(i),
  ]);
}

export async function* planSheet(plan: Plan): AsyncGenerator<Cell[]> {
  yield [`${plan.orgName}整改清单`];
  yield PLAN_HEADERS;
  for (const row of planRows(plan)) yield row;
}

// Official-document fonts, named as Chinese offices have them; Word substitutes what is missing.
const TITLE_FONT = { eastAsia: '方正小标宋简体', ascii: 'Times New Roman', hAnsi: 'Times New Roman' };
const BODY_FONT = { eastAsia: '仿宋_GB2312', ascii: 'Times New Roman', hAnsi: 'Times New Roman' };
const HEAD_FONT = { eastAsia: '黑体', ascii: 'Times New Roman', hAnsi: 'Times New Roman' };
const mm = (v: number) => Math.round((v / 25.4) * 1440);
// A4 landscape: 297 mm wide less 28 + 26 mm of margins.
const WIDTHS = [8, 50, 96, 30, 26, 33].map(mm);

const cell = (text: string, width: number, head = false) =>
  new TableCell({
    width: { size: width, type: WidthType.DXA },
    verticalAlign: VerticalAlign.CENTER,
    children: text.split('\n').map((line) => new Paragraph({
      alignment: head || width < mm(32) ? AlignmentType.CENTER : AlignmentType.LEFT,
      children: [new TextRun({ text: line, font: head ? HEAD_FONT : BODY_FONT, size: head ? 28 : 24 })],
    })),
  });

/**
 * The list as a Word document laid out as an official list: A4 landscape, the title in 小标宋
 * 2号 (22 pt), the table in 仿宋 (12 pt; 四号 heads in 黑体), page numbers "— 1 —".
 */
export function planDocx(plan: Plan, today: string): Promise<Buffer> {
  const table = new Table({
    width: { size: WIDTHS.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    columnWidths: WIDTHS,
    rows: [
      new TableRow({ tableHeader: true, children: PLAN_HEADERS.map((h, i) => cell(h, WIDTHS[i], true)) }),
      ...planRows(plan).map((row) => new TableRow({ cantSplit: true, children: row.map((text, i) => cell(text, WIDTHS[i])) })),
    ],
  });
  const doc = new Document({
    creator: 'Massline',
    title: `${plan.orgName}整改清单`,
    sections: [{
      properties: {
        page: {
          size: { width: mm(210), height: mm(297), orientation: PageOrientation.LANDSCAPE },
          margin: { top: mm(25), bottom: mm(25), left: mm(28), right: mm(26) },
        },
      },
      footers: {
        default: new Footer({
          children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: BODY_FONT, size: 28 })] })],
        }),
      },
      children: [
        new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 200 }, children: [new TextRun({ text: `${plan.orgName}整改清单`, font: TITLE_FONT, size: 44 })] }),
        new Paragraph({
          alignment: AlignmentType.RIGHT, spacing: { after: 120 },
          children: [new TextRun({ text: `${plan.published ? '已公示' : plan.status === 'approved' ? '已审核' : '草稿'}　${today}`, font: BODY_FONT, size: 24 })],
        }),
        table,
      ],
    }],
  });
  return Packer.toBuffer(doc);
}
