import JSZip from 'jszip';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/factories.js';
import { materialCampaign, sections } from '../../../test/materials.js';

describe('a material exported to Word in the official document layout (GB/T 9704)', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(() => t.close());

  it('lays out A4 with the standard margins, a 22 × 28 grid, the named fonts and "— 1 —" page numbers', async () => {
    const campaignId = await materialCampaign(t);
    const id = (await t.as('cadre', { method: 'POST', url: '/api/materials', payload: { campaignId } })).json().id;
    const body = sections({ formalism: ['学风不够扎实，满足于读原文、记笔记', '会议多、文件多\n部分会议可开可不开'], causes: ['理想信念有所放松', '宗旨意识淡化'] });
    await t.as('cadre', { method: 'PUT', url: `/api/materials/${id}`, payload: { sections: body } });
    await t.as('cadre', { method: 'POST', url: `/api/materials/${id}/submit`, payload: {} });
    await t.as('secretary', { method: 'POST', url: `/api/materials/${id}/approve`, payload: {} });

    const res = await t.as('secretary', { method: 'GET', url: `/api/materials/${id}/export.docx` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('cadre用户同志个人对照检查材料（第1稿）.docx'));
    const zip = await JSZip.loadAsync(res.rawPayload);
    const xml = await zip.file('word/document.xml')!.async('string');

    // A4, margins top 37 / bottom 35 / left 28 / right 26 mm (in twips), 22 lines of 28 characters.
    const sectPr = /<w:sectPr>.*<\/w:sectPr>/s.exec(xml)![0];
    expect(sectPr).toContain('<w:pgSz w:w="11906" w:h="16838" w:orient="portrait"/>');
    expect(sectPr).toMatch(/<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587" w:header="\d+" w:footer="1307" w:gutter="0"\/>/);
    expect(sectPr).toContain('<w:docGrid w:type="linesAndChars" w:linePitch="579" w:charSpace="-842"/>');
    // Odd and even pages have their own footer.
    expect(sectPr).toMatch(/<w:footerReference w:type="default" r:id="\w+"\/><w:footerReference w:type="even" r:id="\w+"\/>/);
    expect(await zip.file('word/settings.xml')!.async('string')).toContain('<w:evenAndOddHeaders/>');

    // Title in 2号 小标宋 (off the character grid), body in 3号 仿宋_GB2312, headings 黑体 and 楷体_GB2312.
    const run = (text: string) => new RegExp(`<w:r><w:rPr>((?:(?!</w:rPr>).)*)</w:rPr><w:t xml:space="preserve">${text}</w:t></w:r>`).exec(xml)?.[1];
    expect(run('cadre用户同志个人对照检查材料')).toBe('<w:rFonts w:ascii="Times New Roman" w:cs="Times New Roman" w:eastAsia="方正小标宋简体" w:hAnsi="Times New Roman"/><w:snapToGrid w:val="false"/><w:sz w:val="44"/><w:szCs w:val="44"/>');
    expect(xml).toMatch(/<w:p><w:pPr><w:snapToGrid w:val="false"\/>(?:(?!<\/w:p>).)*cadre用户同志个人对照检查材料/);
    expect(run('一、“四风”方面存在的问题')).toContain('w:eastAsia="黑体"');
    expect(run('（一）形式主义方面')).toContain('w:eastAsia="楷体_GB2312"');
    expect(run('（二）官僚主义方面')).toContain('w:eastAsia="楷体_GB2312"');
    expect(run('1.学风不够扎实，满足于读原文、记笔记')).toBe('<w:rFonts w:ascii="Times New Roman" w:cs="Times New Roman" w:eastAsia="仿宋_GB2312" w:hAnsi="Times New Roman"/><w:w w:val="98"/><w:sz w:val="32"/><w:szCs w:val="32"/>');
    // A line break in an item is a new paragraph; empty winds are left out; the parts number on.
    expect(run('部分会议可开可不开')).toContain('w:eastAsia="仿宋_GB2312"');
    expect(xml).not.toContain('享乐主义方面');
    expect(run('二、产生问题的原因')).toContain('w:eastAsia="黑体"');
    expect(run('（一）思想根源')).toContain('w:eastAsia="楷体_GB2312"');
    expect(run('三、努力方向和整改措施')).toContain('w:eastAsia="黑体"');
    // Signed with the author's name and the day of approval.
    expect(run('2026年3月1日')).toBeDefined();
    // Body paragraphs: indented two characters, one grid line each.
    expect(xml).toContain('<w:spacing w:after="0" w:before="0" w:line="579" w:lineRule="exact"/><w:ind w:firstLine="640" w:firstLineChars="200"/><w:jc w:val="both"/>');
    // The Normal style is 3号 仿宋, which the grid's character pitch is reckoned from.
    const styles = await zip.file('word/styles.xml')!.async('string');
    expect(styles).toMatch(/<w:style w:type="paragraph" w:styleId="Normal"[^>]*>.*?<w:sz w:val="32"\/>.*?<\/w:style>/s);

    // Page numbers "— 1 —" in 4号 宋体: right on odd pages, left on even ones, one character in.
    const footers = await Promise.all(zip.file(/word\/footer\d*\.xml/).map((f) => f.async('string')));
    expect(footers).toHaveLength(2);
    const odd = footers.find((f) => f.includes('<w:jc w:val="right"/>'))!;
    const even = footers.find((f) => f.includes('<w:jc w:val="left"/>'))!;
    for (const f of [odd, even]) {
      expect(f).toMatch(/— <\/w:t>.*PAGE.* —<\/w:t>/s);
      expect(f).toContain('w:eastAsia="宋体"');
      expect(f).toContain('<w:sz w:val="28"/>');
    }
    expect(odd).toContain('<w:ind w:right="280"/>');
    expect(even).toContain('<w:ind w:left="280"/>');
    // Each font names its fallback.
    const fonts = await zip.file('word/fontTable.xml')!.async('string');
    for (const [name, alt] of [['方正小标宋简体', '华文中宋'], ['仿宋_GB2312', '仿宋'], ['黑体', 'SimHei'], ['楷体_GB2312', '楷体'], ['宋体', 'SimSun']]) {
      expect(fonts).toContain(`<w:font w:name="${name}"><w:altName w:val="${alt}"/>`);
    }
  });

  it('exports an earlier version on request, and nothing to those out of reach', async () => {
    const campaignId = await materialCampaign(t);
    const id = (await t.as('cadre', { method: 'POST', url: '/api/materials', payload: { campaignId } })).json().id;
    await t.as('cadre', { method: 'PUT', url: `/api/materials/${id}`, payload: { sections: sections({ formalism: ['第一稿的问题'] }) } });
    await t.as('cadre', { method: 'POST', url: `/api/materials/${id}/submit`, payload: {} });
    await t.as('secretary', { method: 'POST', url: `/api/materials/${id}/return`, payload: { comment: '请修改' } });
    await t.as('cadre', { method: 'PUT', url: `/api/materials/${id}`, payload: { sections: sections({ formalism: ['第二稿的问题'] }) } });
    const text = async (url: string) => (await JSZip.loadAsync((await t.as('cadre', { method: 'GET', url })).rawPayload)).file('word/document.xml')!.async('string');
    expect(await text(`/api/materials/${id}/export.docx`)).toContain('1.第二稿的问题');
    expect(await text(`/api/materials/${id}/export.docx?version=1`)).toContain('1.第一稿的问题');
    expect((await t.as('cadre', { method: 'GET', url: `/api/materials/${id}/export.docx?version=3` })).statusCode).toBe(404);
    expect((await t.as('surveyor', { method: 'GET', url: `/api/materials/${id}/export.docx` })).statusCode).toBe(404);
  });
});
