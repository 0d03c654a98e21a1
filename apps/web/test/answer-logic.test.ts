import { describe, expect, it } from 'vitest';
import type { FormDefinition, Question } from '@massline/shared/src/forms/model';
import { isWellFormedCode, newIdempotencyKey, normalizeCode } from '../src/answer/draft';
import { answersToSend, checkSections, numbering, visibleSections } from '../src/answer/fill';
import { lang } from '../src/answer/i18n';
import { questionScript, speechLang } from '../src/answer/speech';

/** The phone pages' logic that needs no browser (the browser path is in e2e/answer.test.ts). */
const form: FormDefinition = {
  sections: [
    { key: 'a', title: '基本情况', questions: [
      { key: 'intro', type: 'note', label: '说明', required: false },
      { key: 'seen', type: 'single', label: '是否发现问题？', required: true, options: [{ value: 'yes', label: '是' }, { value: 'no', label: '否' }] },
      { key: 'which', type: 'multiple', label: '哪些方面？', required: true, minPicks: 1, showIf: { question: 'seen', op: 'is', value: 'yes' },
        options: [{ value: 'f', label: '形式主义' }, { value: 'b', label: '官僚主义' }] },
    ] },
    { key: 'b', title: '举例', showIf: { question: 'seen', op: 'is', value: 'yes' }, questions: [{ key: 'example', type: 'text', long: true, maxLength: 100, label: '举例', required: false }] },
    { key: 'c', title: '评价', questions: [{ key: 'score', type: 'rating', label: '总体评价', required: true, min: 1, max: 5, minLabel: '差', maxLabel: '好' }] },
  ],
};

describe('one-time codes as typed', () => {
  it('accepts any case, spaces and dashes; refuses look-alikes and wrong lengths', () => {
    expect(normalizeCode(' ab3d-ef7h ')).toBe('AB3DEF7H');
    expect(isWellFormedCode('ab3d-ef7h')).toBe(true);
    expect(isWellFormedCode('AB3D EF7H')).toBe(true);
    expect(isWellFormedCode('AB3DEF7')).toBe(false);
    expect(isWellFormedCode('AB0DEF7H')).toBe(false); // 0 is not in the alphabet
    expect(isWellFormedCode('ABIDEF7H')).toBe(false); // nor I
  });

  it('makes idempotency keys the server accepts, never twice the same', () => {
    const keys = new Set(Array.from({ length: 100 }, newIdempotencyKey));
    expect(keys.size).toBe(100);
    for (const k of keys) expect(k).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
  });
});

describe('what is shown and what is sent', () => {
  it('shows a conditional section only when its condition holds, and numbers shown questions only', () => {
    const none = answersToSend(form, {});
    expect(visibleSections(form, new Set(['intro', 'seen', 'score'])).map((s) => s.key)).toEqual(['a', 'c']);
    expect(checkSections(form, none, 'zh-CN', [form.sections[0]])).toEqual({ seen: '此题为必答题' });
    const yes = { seen: 'yes' };
    expect(checkSections(form, yes, 'zh-CN', [form.sections[0]])).toEqual({ which: '此题为必答题' });
    expect([...numbering(form, new Set(['intro', 'seen', 'which', 'score'])).entries()]).toEqual([['seen', 1], ['which', 2], ['score', 3]]);
  });

  it('keeps an answer hidden by a later change in the draft but does not send it', () => {
    const answers = { seen: 'no', which: ['f'], example: '开会多', score: 4 };
    expect(answersToSend(form, answers)).toEqual({ seen: 'no', score: 4 });
    expect(checkSections(form, answers, 'en')).toEqual({});
  });
});

describe('read-aloud scripts', () => {
  const rating = form.sections[2].questions[0] as Question;
  const multiple = form.sections[0].questions[2] as Question;

  it('reads the question, then its options or scale, in Chinese', () => {
    lang.value = 'zh-CN';
    expect(questionScript(multiple, 2)).toEqual(['第 2 题。哪些方面？（必答）', '可以选多项。选项有：形式主义，官僚主义']);
    expect(questionScript(rating, 3)).toEqual(['第 3 题。总体评价（必答）', '请从 1 到 5 打分。', '1 表示差，5 表示好。']);
  });

  it('frames in English on the English screen, but reads Chinese text with a Chinese voice', () => {
    lang.value = 'en';
    expect(questionScript(multiple, 2)).toEqual(['Question 2.', '哪些方面？', '(required)', 'You may pick several. The options are:', '形式主义, 官僚主义']);
    expect(questionScript(rating, 3)).toEqual(['Question 3.', '总体评价', '(required)', 'Rate from 1 to 5.', '1 means 差; 5 means 好.']);
    expect(speechLang('总体评价')).toBe('zh-CN');
    expect(speechLang('Rate from 1 to 5.')).toBe('en-US');
    lang.value = 'zh-CN';
    expect(speechLang('Rate from 1 to 5.')).toBe('zh-CN');
  });
});
