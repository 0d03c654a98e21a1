import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { CHAR_SPACE, chineseNumber, headingNumber, LINE_PITCH, mm, officialDocx } from './official-docx.js';

describe('official documents (GB/T 9704)', () => {
  it('reckons the grid from the text block: 225 mm / 22 lines, 156 mm / 28 characters of 16 pt', () => {
    expect([mm(210), mm(297), mm(37), mm(35), mm(28), mm(26)]).toEqual([11906, 16838, 2098, 1984, 1587, 1474]);
    // 579 twips = 28.95 pt a line: 22 lines fill 12,738 of the block's 12,756 twips.
    expect(LINE_PITCH).toBe(579);
    expect(LINE_PITCH * 22).toBeLessThanOrEqual(mm(297) - mm(37) - mm(35));
    // 16 pt − 842/4096 pt = 15.794 pt a character: 28 of them fit the 442.25 pt line.
    expect(CHAR_SPACE).toBe(-842);
    expect((16 + CHAR_SPACE / 4096) * 28 * 20).toBeLessThanOrEqual(mm(210) - mm(28) - mm(26));
  });

  it('numbers headings as the standard does', () => {
    expect([1, 2, 9, 10, 11, 20, 23].map(chineseNumber)).toEqual(['一', '二', '九', '十', '十一', '二十', '二十三']);
    expect([headingNumber(1, 3), headingNumber(2, 12), headingNumber(3, 4), headingNumber(4, 2)]).toEqual(['三、', '（十二）', '4.', '（2）']);
  });

  it('builds a document from a title and blocks', async () => {
    const zip = await JSZip.loadAsync(await officialDocx({ title: '关于某事的报告\n（征求意见稿）', blocks: [{ kind: 'heading1', text: '一、总体情况' }, { kind: 'paragraph', text: '第一段\n第二段' }, { kind: 'blank' }, { kind: 'right', text: '某某党委' }] }));
    const xml = await zip.file('word/document.xml')!.async('string');
    const texts = [...xml.matchAll(/<w:t xml:space="preserve">([^<]*)<\/w:t>/g)].map((m) => m[1]);
    expect(texts).toEqual(['关于某事的报告', '（征求意见稿）', '一、总体情况', '第一段', '第二段', '某某党委']);
    expect(await zip.file('docProps/core.xml')!.async('string')).toContain('<dc:title>关于某事的报告（征求意见稿）</dc:title>');
  });
});
