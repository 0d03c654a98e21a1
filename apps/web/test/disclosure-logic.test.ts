import { afterEach, describe, expect, it } from 'vitest';
import { lang } from '../src/answer/i18n';
import { parseRoute } from '../src/answer/router';
import { dt, itemScript, kindLabel, satisfactionText, statusTagLabel, verdictLabel, verdictsShort } from '../src/answer/disclosure/i18n';
import {
  backToList, formatPercent, givenVerdict, isImage, isWellFormedVerdictCode, itemLink, listCounts, listLink, percent, photoUrl, publicVerdictBody, rememberVerdict,
  statusTone, verdictRows, verdictToken, type PublicItem,
} from '../src/answer/disclosure/model';

/** The rectification disclosure's logic that needs no browser (the browser path is in e2e/disclosure-phone.test.ts). */

/** localStorage as a Map, with switches for a full or blocked storage. */
function memoryStorage(opts: { refuseWrites?: boolean; refuseReads?: boolean } = {}): Storage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    get length() {
      return data.size;
    },
    clear: () => data.clear(),
    key: (i: number) => [...data.keys()][i] ?? null,
    getItem: (k: string) => {
      if (opts.refuseReads) throw new Error('SecurityError');
      return data.get(k) ?? null;
    },
    setItem: (k: string, v: string) => {
      if (opts.refuseWrites) throw new Error('QuotaExceededError');
      data.set(k, String(v));
    },
    removeItem: (k: string) => void data.delete(k),
  };
}

const item = (over: Partial<PublicItem> = {}): PublicItem => ({
  id: 'i1', title: '修复红旗村西头道路', commitment: '6 月底前修好', measures: '垫高路面，疏通边沟', ownerOrgName: '红旗村党支部', ownerPersonName: '王书记',
  deadline: '2026-06-30', status: 'in_progress', overdue: false, onTheSpot: false, progress: 40, doneDay: null,
  verdicts: { round: 1, fixed: 0, partly: 0, notFixed: 0, total: 0, satisfaction: null }, ...over,
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

describe('the one-per-browser token', () => {
  it('is made once, kept in storage, and read back', () => {
    const storage = memoryStorage();
    const token = verdictToken(storage);
    expect(token).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
    expect(storage.data.get('massline.verdictToken')).toBe(token);
    expect(verdictToken(storage)).toBe(token);
    // Each browser its own.
    expect(verdictToken(memoryStorage())).not.toBe(token);
  });

  it('replaces a kept value the server would refuse', () => {
    const storage = memoryStorage();
    storage.data.set('massline.verdictToken', 'short');
    const token = verdictToken(storage);
    expect(token).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
    expect(storage.data.get('massline.verdictToken')).toBe(token);
    storage.data.set('massline.verdictToken', 'x'.repeat(65));
    expect(verdictToken(storage)).not.toBe('x'.repeat(65));
  });

  it('still gives a token, the same for this visit, where storage is blocked or full', () => {
    const blocked = verdictToken(null);
    expect(blocked).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
    expect(verdictToken(null)).toBe(blocked);
    expect(verdictToken(memoryStorage({ refuseWrites: true }))).toBe(blocked);
    expect(verdictToken(memoryStorage({ refuseReads: true, refuseWrites: true }))).toBe(blocked);
  });

  it('remembers what this browser said per item and round, and asks again in a new round', () => {
    const storage = memoryStorage();
    expect(givenVerdict('i1', 1, storage)).toBeNull();
    rememberVerdict('i1', 1, 'partly', storage);
    expect(givenVerdict('i1', 1, storage)).toBe('partly');
    expect(givenVerdict('i2', 1, storage)).toBeNull();
    // Sent back for rework and finished again: a new round.
    expect(givenVerdict('i1', 2, storage)).toBeNull();
    storage.data.set('massline.verdict.i3', '{not json');
    expect(givenVerdict('i3', 1, storage)).toBeNull();
    storage.data.set('massline.verdict.i4', JSON.stringify({ round: 1, value: 'great' }));
    expect(givenVerdict('i4', 1, storage)).toBeNull();
    expect(givenVerdict('i1', 1, memoryStorage({ refuseReads: true }))).toBeNull();
    expect(() => rememberVerdict('i1', 1, 'fixed', memoryStorage({ refuseWrites: true }))).not.toThrow();
  });

  it('sends the code in code mode and the token otherwise, never both, the comment only when written', () => {
    const token = () => 'browser-token-aaaaaaaa';
    expect(publicVerdictBody('browser', 'fixed', '  ', 'ABCD2345', token)).toEqual({ value: 'fixed', browserToken: 'browser-token-aaaaaaaa' });
    expect(publicVerdictBody('code', 'not_fixed', ' 只修了一半 ', 'abcd-2345', token)).toEqual({ value: 'not_fixed', comment: '只修了一半', code: 'ABCD2345' });
    expect(publicVerdictBody('browser', 'partly', 'x'.repeat(600), '', token).comment).toHaveLength(500);
    let made = 0;
    publicVerdictBody('code', 'fixed', '', 'ABCD2345', () => String(++made));
    // No token is made (nor kept) for a code verdict.
    expect(made).toBe(0);
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

  it('counts the three verdicts with their shares, and says 暂无评议 without any', () => {
    expect(verdictRows({ round: 1, fixed: 3, partly: 1, notFixed: 0, total: 4, satisfaction: 75 })).toEqual([
      { value: 'fixed', count: 3, share: 75 },
      { value: 'partly', count: 1, share: 25 },
      { value: 'not_fixed', count: 0, share: 0 },
    ]);
    expect(verdictRows({ round: 1, fixed: 0, partly: 0, notFixed: 0, total: 0, satisfaction: null }).map((r) => r.share)).toEqual([0, 0, 0]);
    expect(satisfactionText(75)).toBe('75%');
    expect(satisfactionText(null)).toBe('暂无评议');
    expect(verdictsShort(item().verdicts)).toBeNull();
    expect(verdictsShort({ round: 1, fixed: 2, partly: 1, notFixed: 0, total: 3, satisfaction: 66.7 })).toBe('评议 3 人，满意率 66.7%');
    expect(VERDICTS.map(verdictLabel)).toEqual(['已整改到位', '部分整改', '没有整改到位']);
    lang.value = 'en';
    expect(VERDICTS.map(verdictLabel)).toEqual(['Fixed', 'Partly fixed', 'Not fixed']);
    expect(satisfactionText(null)).toBe('No verdicts yet');
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

  it('reads an item aloud in short lines: title, status and progress, promise, then the verdicts', () => {
    const lines = itemScript(item({ overdue: true, verdicts: { round: 1, fixed: 1, partly: 0, notFixed: 1, total: 2, satisfaction: 50 } }));
    expect(lines).toEqual([
      '修复红旗村西头道路',
      '状态：整改中 · 已逾期。进度百分之40。完成时限：2026-06-30。',
      '承诺：6 月底前修好',
      '群众评议：已整改到位1人，部分整改0人，没有整改到位1人。群众满意率50%。',
    ]);
    const detail = itemScript(item(), true);
    expect(detail).toContain('整改措施：垫高路面，疏通边沟');
    expect(detail).toContain('责任单位：红旗村党支部。责任人：王书记。');
    expect(dt('verdictAsk')).toBe('整改到位了吗？');
    expect(dt('verdictBrowser')).toContain('每个浏览器只能评议一次');
  });
});

const VERDICTS = ['fixed', 'partly', 'not_fixed'] as const;
