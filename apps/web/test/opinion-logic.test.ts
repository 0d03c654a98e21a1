import { describe, expect, it } from 'vitest';
import { parseRoute } from '../src/answer/router';
import {
  draftErrors, formatReceipt, isWellFormedReceipt, newOpinionDraft, normalizeReceipt, opinionBody, parseOpinionDraft, receiptFromHash, receiptLink, receiptSteps,
} from '../src/answer/opinions/model';

/** The opinion pages' logic that needs no browser (the browser path is in e2e/opinions-phone.test.ts). */
describe('the opinion pages\' addresses', () => {
  it('reads /o/:orgId, /r and /p[/:orgId], and nothing else under them', () => {
    expect(parseRoute('/o/0192f0e4-aaaa-7bbb-8ccc-123456789abc')).toEqual({ name: 'opinion', orgId: '0192f0e4-aaaa-7bbb-8ccc-123456789abc' });
    expect(parseRoute('/o/org-1/')).toEqual({ name: 'opinion', orgId: 'org-1' });
    expect(parseRoute('/o/')).toEqual({ name: 'not_found' });
    expect(parseRoute('/o/%E0%A4%A')).toEqual({ name: 'not_found' });
    expect(parseRoute('/r')).toEqual({ name: 'receipt' });
    expect(parseRoute('/r/')).toEqual({ name: 'receipt' });
    // A code is never read from the path, which servers and proxies log.
    expect(parseRoute('/r/ABCD-EFGH-JKLM-NPQR')).toEqual({ name: 'not_found' });
    expect(parseRoute('/f/x')).toEqual({ name: 'form', formId: 'x' });
    expect(parseRoute('/p')).toEqual({ name: 'answers', orgId: null });
    expect(parseRoute('/p/')).toEqual({ name: 'answers', orgId: null });
    expect(parseRoute('/p/org-1')).toEqual({ name: 'answers', orgId: 'org-1' });
    expect(parseRoute('/p/org-1/')).toEqual({ name: 'answers', orgId: 'org-1' });
    expect(parseRoute('/p/org-1/x')).toEqual({ name: 'not_found' });
    expect(parseRoute('/p/%E0%A4%A')).toEqual({ name: 'not_found' });
  });

  it('puts the receipt in the fragment, and reads it back as typed or scanned', () => {
    expect(receiptLink('https://massline.test', 'abcd efgh-jklm npqr')).toBe('https://massline.test/r#ABCD-EFGH-JKLM-NPQR');
    expect(receiptFromHash('#ABCD-EFGH-JKLM-NPQR')).toBe('ABCD-EFGH-JKLM-NPQR');
    expect(receiptFromHash('#abcd%20efgh%20jklm%20npqr')).toBe('abcd efgh jklm npqr');
    expect(receiptFromHash('#r=ABCDEFGHJKLMNPQR')).toBe('ABCDEFGHJKLMNPQR');
    expect(receiptFromHash('')).toBeNull();
    expect(receiptFromHash('#%E0%A4%A')).toBeNull();
    expect(receiptFromHash(`#${'A'.repeat(65)}`)).toBeNull();
  });
});

describe('receipt codes as typed', () => {
  it('accepts any case, spaces and dashes; groups by four', () => {
    expect(normalizeReceipt(' abcd-efgh jklm-npqr ')).toBe('ABCDEFGHJKLMNPQR');
    expect(formatReceipt('abcdefghjklmnpqr')).toBe('ABCD-EFGH-JKLM-NPQR');
    expect(formatReceipt('abc')).toBe('ABC');
    expect(isWellFormedReceipt('abcd efgh jklm npqr')).toBe(true);
    expect(isWellFormedReceipt('ABCD-EFGH-JKLM-NPQ')).toBe(false);
    expect(isWellFormedReceipt('ABCD-EFGH-JKLM-NPQ0')).toBe(false); // 0 is not in the alphabet
  });
});

describe('an opinion being written', () => {
  it('sends the chosen unit, the trimmed text, and a sender only when named', () => {
    const d = { ...newOpinionDraft(), category: 'service' as const, content: '  路灯不亮  ', name: '张三', phone: '138 0000 0000' };
    expect(opinionBody('town', d)).toEqual({ orgId: 'town', category: 'service', content: '路灯不亮', idempotencyKey: d.idempotencyKey });
    const named = { ...d, named: true, unitId: 'village', village: '' };
    expect(opinionBody('town', named)).toEqual({ orgId: 'village', category: 'service', content: '路灯不亮', sender: { name: '张三', phone: '138 0000 0000' }, idempotencyKey: d.idempotencyKey });
  });

  it('says what is missing before sending', () => {
    expect(draftErrors(newOpinionDraft())).toEqual({ category: 'needCategory', content: 'needContent' });
    const d = { ...newOpinionDraft(), category: 'other' as const, content: '有意见' };
    expect(draftErrors(d)).toEqual({});
    expect(draftErrors({ ...d, content: '   ' })).toEqual({ content: 'needContent' });
    expect(draftErrors({ ...d, content: 'x'.repeat(5001) })).toEqual({ content: 'tooLong' });
    expect(draftErrors({ ...d, named: true })).toEqual({ name: 'needName' });
    expect(draftErrors({ ...d, named: true, name: '张三', phone: 'abc' })).toEqual({ phone: 'badPhone' });
    // Fields of a named sender left behind by switching back to anonymous are not checked, nor sent.
    expect(draftErrors({ ...d, named: false, phone: 'abc' })).toEqual({});
  });

  it('restores a kept draft field by field, and refuses one without a usable key', () => {
    const d = { ...newOpinionDraft(), category: 'hedonism' as const, content: '公车私用', unitId: 'v1' };
    expect(parseOpinionDraft(JSON.stringify(d))).toEqual(d);
    expect(parseOpinionDraft(JSON.stringify({ ...d, category: 'nonsense', named: 'yes' }))).toEqual({ ...d, category: '', named: false });
    expect(parseOpinionDraft(JSON.stringify({ ...d, idempotencyKey: 'short' }))).toBeNull();
    expect(parseOpinionDraft(JSON.stringify({ ...d, v: 2 }))).toBeNull();
    expect(parseOpinionDraft('{not json')).toBeNull();
    expect(parseOpinionDraft(null)).toBeNull();
  });
});

describe('the receipt page\'s progress', () => {
  const states = (status: Parameters<typeof receiptSteps>[0], assigned: boolean) =>
    receiptSteps(status, assigned)?.map((s) => `${s.step}:${s.state}`);

  it('marks 已交办 done only when the opinion was passed on', () => {
    expect(states('received', false)).toEqual(['received:now', 'assigned:todo', 'answered:todo', 'closed:todo']);
    expect(states('assigned', true)).toEqual(['received:done', 'assigned:now', 'answered:todo', 'closed:todo']);
    expect(states('answered', true)).toEqual(['received:done', 'assigned:done', 'answered:now', 'closed:todo']);
    expect(states('closed', true)).toEqual(['received:done', 'assigned:done', 'answered:done', 'closed:now']);
  });

  it('shows a step that never happened as skipped, not done: answered directly, or fixed on the spot', () => {
    expect(states('answered', false)).toEqual(['received:done', 'assigned:skipped', 'answered:now', 'closed:todo']);
    expect(states('closed', false)).toEqual(['received:done', 'assigned:skipped', 'answered:done', 'closed:now']);
  });

  it('counts a deadline set without anyone named as passed on while it waits, as the status says', () => {
    expect(states('assigned', false)).toEqual(['received:done', 'assigned:now', 'answered:todo', 'closed:todo']);
  });

  it('shows no bar for a state outside the four steps', () => {
    expect(receiptSteps('merged', true)).toBeNull();
  });
});
