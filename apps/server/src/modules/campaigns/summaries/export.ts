import type { Summary } from '@massline/shared';
import { chineseNumber, officialDocx, type OfficialBlock } from '../../../kernel/official-docx.js';

const dateText = (day: string) => `${Number(day.slice(0, 4))}年${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日`;

/**
 * A title longer than a line (about 20 characters of 2号 across the 156 mm text block) breaks
 * before its quotation or its 关于 where both lines then fit, rather than wherever Word wraps it.
 */
export function titleLines(title: string): string {
  const length = (s: string) => [...s].length;
  if (title.includes('\n') || length(title) <= 20) return title;
  for (const mark of ['“', '关于']) {
    const i = title.indexOf(mark);
    if (i > 0 && length(title.slice(0, i)) <= 20 && length(title.slice(i)) <= 20) return `${title.slice(0, i)}\n${title.slice(i)}`;
  }
  return title;
}

/**
 * The summary as an official document (GB/T 9704 layout, see kernel/official-docx): each section
 * a numbered 黑体 heading and its paragraphs, then the org and the day as the signature.
 */
export function summaryDocx(s: Summary, today: string): Promise<Buffer> {
  const blocks: OfficialBlock[] = [{ kind: 'blank' }];
  s.sections.forEach((section, i) => {
    blocks.push({ kind: 'heading1', text: `${chineseNumber(i + 1)}、${section.title}` });
    if (section.body.trim()) blocks.push({ kind: 'paragraph', text: section.body });
  });
  blocks.push({ kind: 'blank' }, { kind: 'right', text: s.orgName }, { kind: 'right', text: dateText(today) });
  return officialDocx({ title: titleLines(s.title), blocks });
}
