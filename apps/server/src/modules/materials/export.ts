import { windLabels, winds, type MaterialSections, type TextItem } from '@massline/shared';
import { headingNumber, officialDocx, type OfficialBlock } from '../../kernel/official-docx.js';

export interface MaterialDocInput {
  title: string;
  author: string;
  orgName: string;
  /** The day written under the signature (YYYY-MM-DD): the approval day, else the version's. */
  day: string;
  sections: MaterialSections;
}

const chineseDate = (day: string) => {
  const [y, m, d] = day.split('-').map(Number);
  return `${y}年${m}月${d}日`;
};

/** Causes or measures: a paragraph under a 二级 heading where it has one, plain otherwise. */
function textItems(items: TextItem[]): OfficialBlock[] {
  let n = 0;
  return items.flatMap((item): OfficialBlock[] => item.heading
    ? [{ kind: 'heading2', text: `${headingNumber(2, ++n)}${item.heading}` }, { kind: 'paragraph', text: item.text }]
    : [{ kind: 'paragraph', text: item.text }]);
}

/**
 * The material as an official document: the title, the author under it, the opening paragraph,
 * then 一、存在的问题 (（一）… for each wind that has any, items numbered 1. 2. …), 二、产生问题的原因,
 * 三、努力方向和整改措施, and the signature with the day.
 */
export function materialBlocks(input: MaterialDocInput): OfficialBlock[] {
  const s = input.sections;
  const blocks: OfficialBlock[] = [{ kind: 'center', text: `${input.orgName}　${input.author}` }, { kind: 'blank' }];
  if (s.intro) blocks.push({ kind: 'paragraph', text: s.intro });
  let part = 0;
  const present = winds.filter((w) => s.problems[w].length > 0);
  if (present.length) {
    blocks.push({ kind: 'heading1', text: `${headingNumber(1, ++part)}“四风”方面存在的问题` });
    present.forEach((w, i) => {
      blocks.push({ kind: 'heading2', text: `${headingNumber(2, i + 1)}${windLabels[w]}方面` });
      s.problems[w].forEach((item, j) => {
        const [first, ...rest] = item.text.split('\n');
        blocks.push({ kind: 'paragraph', text: [`${headingNumber(3, j + 1)}${first}`, ...rest].join('\n') });
      });
    });
  }
  if (s.causes.length) blocks.push({ kind: 'heading1', text: `${headingNumber(1, ++part)}产生问题的原因` }, ...textItems(s.causes));
  if (s.measures.length) blocks.push({ kind: 'heading1', text: `${headingNumber(1, ++part)}努力方向和整改措施` }, ...textItems(s.measures));
  blocks.push({ kind: 'blank' }, { kind: 'right', text: `${input.author}\n${chineseDate(input.day)}` });
  return blocks;
}

export function materialDocx(input: MaterialDocInput): Promise<Buffer> {
  return officialDocx({ title: input.title, blocks: materialBlocks(input), creator: input.author });
}
