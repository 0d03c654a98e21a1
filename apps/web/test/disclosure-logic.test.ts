import { afterEach, describe, expect, it } from 'vitest';
import { lang } from '../src/answer/i18n';
import { parseRoute } from '../src/answer/router';
import { answerText, dt, itemScript, kindLabel, ruleLines, satisfactionText, satisfiedLabel, solvedLabel, statusTagLabel, verdictsShort } from '../src/answer/disclosure/i18n';
import {
  allVerdicts, backToList, formatPercent, isImage, isWellFormedReceipt, isWellFormedVerdictCode, itemLink, kindCounts, listCounts, listLink, percent, photoUrl, publicVerdictBody,
  statusTone, tallyRows, verdictKind, type PublicItem, type VerdictSummary, type VerdictTally,
} from '../src/answer/disclosure/model';

/** The rectification disclosure's logic that needs no browser (the browser path is in e2e/disclosure-phone.test.ts). */

const tally = (over: Partial<VerdictTally> = {}): VerdictTally => ({ solved: 0, partly: 0, unsolved: 0, satisfied: 0, basic: 0, unsatisfied: 0, total: 0, ...over });
const summary = (over: Partial<VerdictSummary> = {}): VerdictSummary => ({
  round: 1, counted: tally(), byBacking: { receipt: tally(), callback: tally(), code: tally(), open: tally() }, countedKinds: ['receipt', 'code'], reopenMin: 3, solvedRate: null, satisfaction: null, ...over,
});

const item = (over: Partial<PublicItem> = {}): PublicItem => ({
  id: 'i1', title: '修复红旗村西头道路', commitment: '6 月底前修好', measures: '垫高路面，疏通边沟', ownerOrgName: '红旗村党支部', ownerPersonName: '王书记',
  deadline: '2026-06-30', status: 'in_progress', overdue: false, onTheSpot: false, progress: 40, doneDay: null,
  verdicts: summary(), ...over,
});

afterEach(() => {
  lang.value = 'zh-CN';
});

describe('the disclosure pages\' addresses', () => {
  it('reads /d/:orgId and /d/i/:id, and nothing deeper', () => {
    expect(parseRoute('/d/0192f0e4-aaaa-7bbb-8ccc-123456789abc')).toEqual({ name: 'disclosure', orgId: '0192f0e4-aaaa-7bbb-8ccc-123456789abc' });
    expect(parseRoute('/d/org-1/')).toEqual({ name: 'disclosure', orgId: 'org-1' });
    expect(parseRoute('/d/i/item-1')).toEqual({ name: 'disclosureItem', id: 'item-1' });
    expect(parseRoute('/d/i/item-1/')).toEqual({ name: 'disclosureItem', id: 'item-1' });
    expect(parseRoute('/d/i/%E5%B7%A5')).toEqual({ name: 'disclosureItem', id: '工' });
    for (const bad of ['/d', '/d/', '/d/i', '/d/i/', '/d/org-1/x', '/d/i/item-1/x', '/d/%E0%A4%A', '/d/i/%E0%A4%A']) expect(parseRoute(bad), bad).toEqual({ name: 'not_found' });
    // The staff app's paths are not the phone's.
    expect(parseRoute('/documents')).toEqual({ name: 'not_found' });
  });

  it('links to the pages and the evidence with the ids encoded', () => {
    expect(itemLink('a/b')).toBe('/d/i/a%2Fb');
    expect(listLink('org 1')).toBe('/d/org%201');
    expect(photoUrl('i1', 'p1')).toBe('/api/public/rectification/items/i1/photos/p1');
    expect(isImage({ mime: 'image/jpeg' })).toBe(true);
    expect(isImage({ mime: 'application/pdf' })).toBe(false);
  });

  it('goes back to the list the reader came from, and nowhere else', () => {
    const origin = 'https://massline.test';
    expect(backToList('https://massline.test/d/org-1', origin)).toBe('/d/org-1');
    expect(backToList('https://massline.test/d/org-1/?from=poster#x', origin)).toBe('/d/org-1/');
    expect(backToList('https://massline.test/d/i/item-2', origin)).toBeNull();
    expect(backToList('https://massline.test/p/org-1', origin)).toBeNull();
    expect(backToList('https://elsewhere.test/d/org-1', origin)).toBeNull();
    expect(backToList('https://massline.test.evil.test/d/org-1', origin)).toBeNull();
    expect(backToList('', origin)).toBeNull();
  });
});

describe('what backs a verdict on the item page', () => {
  it('is the receipt when one is typed, a code where codes are handed out, otherwise open (参考)', () => {
    expect(verdictKind(['receipt', 'open'], '', '')).toBe('open');
    expect(verdictKind(['receipt', 'open'], 'ABCD-EFGH-JKLM-NPQR', '')).toBe('receipt');
    expect(verdictKind(['receipt', 'code'], '', 'ABCD2345')).toBe('code');
    // A receipt wins over a code: it is the sender's own voice.
    expect(verdictKind(['receipt', 'code'], 'ABCDEFGHJKLMNPQR', 'ABCD2345')).toBe('receipt');
    // Codes handed out and no open verdicts: nothing typed is nothing to send.
    expect(verdictKind(['receipt', 'code'], '  ', '')).toBeNull();
    expect(verdictKind(['receipt', 'code', 'open'], '', '')).toBe('open');
    // A code typed where the page takes none is not sent.
    expect(verdictKind(['receipt', 'open'], '', 'ABCD2345')).toBe('open');
  });

  it('sends the two answers, the comment only when written, and the receipt or the code, never both, never a browser token', () => {
    const answer = { solved: 'partly', satisfied: 'basic' } as const;
    expect(publicVerdictBody(answer, '  ', {})).toEqual({ solved: 'partly', satisfied: 'basic' });
    expect(publicVerdictBody({ solved: 'unsolved', satisfied: 'unsatisfied' }, ' 只修了一半 ', { code: 'abcd-2345' })).toEqual({ solved: 'unsolved', satisfied: 'unsatisfied', comment: '只修了一半', code: 'ABCD2345' });
    expect(publicVerdictBody(answer, '', { receipt: 'abcd efgh-jklm npqr' })).toEqual({ solved: 'partly', satisfied: 'basic', receipt: 'ABCDEFGHJKLMNPQR' });
    expect(publicVerdictBody(answer, '', { receipt: 'ABCDEFGHJKLMNPQR', code: 'ABCD2345' })).not.toHaveProperty('code');
    expect(publicVerdictBody(answer, 'x'.repeat(600), {}).comment).toHaveLength(500);
    expect(Object.keys(publicVerdictBody(answer, 'ok', {})).sort()).toEqual(['comment', 'satisfied', 'solved']);
  });

  it('checks a receipt as printed: 16 symbols without 0, O, 1, I, any case, dashes or spaces', () => {
    expect(isWellFormedReceipt('abcd-efgh-jklm-npqr')).toBe(true);
    expect(isWellFormedReceipt('ABCD EFGH JKLM NPQR ')).toBe(true);
    expect(isWellFormedReceipt('ABCD-EFGH-JKLM-NPQ')).toBe(false);
    expect(isWellFormedReceipt('ABCD-EFGH-JKLM-NPQ0')).toBe(false);
    expect(isWellFormedReceipt('ABCD2345')).toBe(false);
  });

  it('checks a verdict code as printed: 8 symbols without 0, O, 1, I', () => {
    expect(isWellFormedVerdictCode('abcd2345')).toBe(true);
    expect(isWellFormedVerdictCode('ABCD-2345')).toBe(true);
    expect(isWellFormedVerdictCode('ABCD 2345 ')).toBe(true);
    expect(isWellFormedVerdictCode('ABCD234')).toBe(false);
    expect(isWellFormedVerdictCode('ABCD23450')).toBe(false);
    expect(isWellFormedVerdictCode('ABCD234O')).toBe(false);
    expect(isWellFormedVerdictCode('ABCD2341')).toBe(false);
  });
});

describe('figures as residents read them', () => {
  it('draws bars within 0–100 and writes percents plainly', () => {
    expect([percent(null), percent(undefined), percent(NaN), percent(-3), percent(33.4), percent(66.5), percent(140)]).toEqual([0, 0, 0, 0, 33, 67, 100]);
    expect([formatPercent(null), formatPercent(0), formatPercent(87.5), formatPercent(100), formatPercent(66.66)]).toEqual([null, '0%', '87.5%', '100%', '66.7%']);
  });

  it('counts each question\'s three answers with their shares, and says 暂无评议 without any', () => {
    const t = tally({ solved: 3, partly: 1, unsolved: 0, satisfied: 2, basic: 1, unsatisfied: 1, total: 4 });
    expect(tallyRows(t, 'solved')).toEqual([
      { value: 'solved', count: 3, share: 75 },
      { value: 'partly', count: 1, share: 25 },
      { value: 'unsolved', count: 0, share: 0 },
    ]);
    expect(tallyRows(t, 'satisfied')).toEqual([
      { value: 'satisfied', count: 2, share: 50 },
      { value: 'basic', count: 1, share: 25 },
      { value: 'unsatisfied', count: 1, share: 25 },
    ]);
    expect(tallyRows(tally(), 'solved').map((r) => r.share)).toEqual([0, 0, 0]);
    expect(satisfactionText(75)).toBe('75%');
    expect(satisfactionText(null)).toBe('暂无评议');
    expect(verdictsShort(item().verdicts)).toBeNull();
    expect(verdictsShort(summary({ counted: t, solvedRate: 75, satisfaction: 75 }))).toBe('计票评议 4 票，解决率 75%，满意率 75%');
    // Open verdicts only (参考): nothing counted, no line on the list.
    expect(verdictsShort(summary({ byBacking: { receipt: tally(), callback: tally(), code: tally(), open: tally({ solved: 2, satisfied: 2, total: 2 }) } }))).toBeNull();
    expect(SOLVED.map(solvedLabel)).toEqual(['解决', '部分解决', '未解决']);
    expect(SATISFIED.map(satisfiedLabel)).toEqual(['满意', '基本满意', '不满意']);
    expect(answerText({ solved: 'partly', satisfied: 'basic' })).toBe('部分解决，基本满意');
    lang.value = 'en';
    expect(SOLVED.map(solvedLabel)).toEqual(['Solved', 'Partly solved', 'Not solved']);
    expect(SATISFIED.map(satisfiedLabel)).toEqual(['Satisfied', 'Mostly satisfied', 'Not satisfied']);
    expect(satisfactionText(null)).toBe('No verdicts yet');
  });

  it('counts verdicts by kind (call-backs with receipts), marks which count, and says the rule plainly', () => {
    const v = summary({
      byBacking: { receipt: tally({ total: 2 }), callback: tally({ total: 1 }), code: tally({ total: 4 }), open: tally({ total: 5 }) },
      countedKinds: ['receipt', 'code'], reopenMin: 3,
    });
    expect(kindCounts(v)).toEqual([
      { kind: 'receipt', count: 3, counted: true },
      { kind: 'code', count: 4, counted: true },
      { kind: 'open', count: 5, counted: false },
    ]);
    expect(allVerdicts(v)).toBe(12);
    expect(ruleLines(v)).toEqual(['计票的评议：凭查询码（含回访）、凭评议码。', '公开参考只作参考，不计票。', '至少 3 票计票评议、且超过半数认为未解决时，事项退回重新整改。']);
    expect(ruleLines({ countedKinds: ['receipt', 'code', 'open'], reopenMin: 5 })).toEqual(['计票的评议：凭查询码（含回访）、凭评议码、公开参考。', '至少 5 票计票评议、且超过半数认为未解决时，事项退回重新整改。']);
    lang.value = 'en';
    expect(ruleLines({ countedKinds: ['receipt'], reopenMin: 3 })).toEqual([
      'Counted: Receipt (call-backs included).',
      'Verdict code, Open (reference): shown for reference, not counted.',
      'With at least 3 counted verdicts, more than half of them saying not solved, the item is sent back for rework.',
    ]);
  });

  it('shows overdue first, in red, whatever the status', () => {
    expect(statusTone(item({ status: 'planned' }))).toBe('planned');
    expect(statusTone(item())).toBe('doing');
    expect(statusTone(item({ status: 'verified' }))).toBe('done');
    expect(statusTone(item({ overdue: true }))).toBe('overdue');
    expect(statusTagLabel(item())).toBe('整改中');
    expect(statusTagLabel(item({ overdue: true }))).toBe('整改中 · 已逾期');
    expect(statusTagLabel(item({ status: 'done' }))).toBe('已完成');
    expect(listCounts([item(), item({ status: 'done' }), item({ status: 'verified' }), item({ overdue: true })])).toEqual({ total: 4, finished: 2, overdue: 1 });
    expect(kindLabel('reopened')).toBe('重新整改');
    expect(kindLabel('something_new')).toBe('something_new');
  });

  it('reads an item aloud in short lines: title, status and progress, promise, then the counted verdicts', () => {
    const lines = itemScript(item({ overdue: true, verdicts: summary({ counted: tally({ solved: 1, unsolved: 1, satisfied: 1, unsatisfied: 1, total: 2 }), solvedRate: 50, satisfaction: 50 }) }));
    expect(lines).toEqual([
      '修复红旗村西头道路',
      '状态：整改中 · 已逾期。进度百分之40。完成时限：2026-06-30。',
      '承诺：6 月底前修好',
      '计票评议2票：解决1票，部分解决0票，未解决1票。解决率50%，满意率50%。',
    ]);
    const detail = itemScript(item(), true);
    expect(detail).toContain('整改措施：垫高路面，疏通边沟');
    expect(detail).toContain('责任单位：红旗村党支部。责任人：王书记。');
    expect(dt('verdictAsk')).toBe('解决了吗？满意吗？');
    expect(dt('verdictReceiptLead')).toBe('如果您反映过这个问题，请输入查询码，您的评议将计票。');
    expect(dt('verdictOpenNote')).toContain('公开参考');
    expect(dt('verdictOpenNote')).toContain('每天只能评议一次');
  });
});

const SOLVED = ['solved', 'partly', 'unsolved'] as const;
const SATISFIED = ['satisfied', 'basic', 'unsatisfied'] as const;
