import { describe, expect, it } from 'vitest';
import { answerErrorMessage, validateAnswers, visibleQuestions } from './answers.js';
import { FormDefinition } from './definition.js';

const yesNo = [{ value: 'yes', label: '是' }, { value: 'no', label: '否' }];
const winds = [
  { value: 'formalism', label: '形式主义' }, { value: 'bureaucratism', label: '官僚主义' },
  { value: 'hedonism', label: '享乐主义' }, { value: 'extravagance', label: '奢靡之风' },
];
const grades = [{ value: 'good', label: '满意' }, { value: 'fair', label: '基本满意' }, { value: 'bad', label: '不满意' }, { value: 'unknown', label: '不了解' }];

const form = FormDefinition.parse({
  sections: [
    {
      key: 'about',
      title: '基本情况',
      questions: [
        { key: 'intro', type: 'note', label: '本问卷不记名。' },
        { key: 'saw_problems', type: 'single', label: '您是否发现“四风”问题？', required: true, options: yesNo },
        { key: 'which', type: 'multiple', label: '哪些方面？', required: true, options: winds, minPicks: 1, maxPicks: 2, showIf: { question: 'saw_problems', op: 'is', value: 'yes' } },
        { key: 'details', type: 'text', long: true, label: '请具体说明', showIf: { question: 'which', op: 'contains', value: 'extravagance' } },
      ],
    },
    {
      key: 'rating',
      title: '评价',
      questions: [
        { key: 'service', type: 'rating', label: '服务群众的满意程度', min: 1, max: 5, required: true },
        { key: 'visits', type: 'number', label: '今年干部走访您几次？', integer: true, min: 0, max: 365 },
        { key: 'last_visit', type: 'date', label: '最近一次走访日期', min: '2026-01-01', showIf: { question: 'visits', op: 'answered' } },
        { key: 'team', type: 'matrix', label: '对下列对象的评价', required: true, rows: [{ value: 'team', label: '领导班子' }, { value: 'wang', label: '王德明' }], scale: grades },
      ],
    },
    {
      key: 'followup',
      title: '补充',
      showIf: { any: [{ question: 'saw_problems', op: 'is', value: 'yes' }, { question: 'service', op: 'answered' }] },
      questions: [{ key: 'suggestion', type: 'text', label: '意见建议', maxLength: 200 }],
    },
  ],
});

const good = { saw_problems: 'yes', which: ['formalism', 'extravagance'], details: '  公车私用  ', service: 4, visits: 2, last_visit: '2026-03-01', team: { team: 'good', wang: 'unknown' } };

describe('form definition', () => {
  it('accepts a form with every question type and fills defaults', () => {
    expect(form.sections[0].questions[1].required).toBe(true);
    expect(form.sections[0].questions[3]).toMatchObject({ type: 'text', long: true, maxLength: 5000, required: false });
  });

  it('refuses duplicate keys, forward or unknown references, unknown option values and impossible pick limits', () => {
    const bad = FormDefinition.safeParse({
      sections: [
        {
          key: 's',
          questions: [
            { key: 'a', type: 'single', label: 'A', options: yesNo, showIf: { question: 'b', op: 'answered' } },
            { key: 'b', type: 'single', label: 'B', options: yesNo, showIf: { question: 'a', op: 'is', value: 'maybe' } },
            { key: 'b', type: 'text', label: 'B again' },
            { key: 'm', type: 'multiple', label: 'M', options: yesNo, minPicks: 2, maxPicks: 1 },
            { key: 'o', type: 'single', label: 'O', options: [{ value: 'x', label: 'X' }, { value: 'x', label: 'Y' }] },
          ],
        },
      ],
    });
    expect(bad.success).toBe(false);
    const messages = bad.error!.issues.map((i) => i.message);
    expect(messages).toEqual([
      'condition refers to "b", which is not an earlier question',
      '"maybe" is not an option of "a"',
      'duplicate question key "b"',
      'pick limits of "m" do not fit its 2 options',
      'duplicate option values in "o"',
    ]);
  });

  it('refuses unknown fields and question types', () => {
    expect(FormDefinition.safeParse({ sections: [{ key: 's', questions: [{ key: 'a', type: 'slider', label: 'A' }] }] }).success).toBe(false);
    expect(FormDefinition.safeParse({ sections: [{ key: 's', questions: [{ key: 'a', type: 'text', label: 'A', colour: 'red' }] }] }).success).toBe(false);
  });
});

describe('visible questions', () => {
  it('follows conditions on earlier answers, for questions and sections', () => {
    expect([...visibleQuestions(form, {})]).toEqual(['intro', 'saw_problems', 'service', 'visits', 'team']);
    expect(visibleQuestions(form, { saw_problems: 'yes' }).has('which')).toBe(true);
    expect(visibleQuestions(form, { saw_problems: 'yes', which: ['extravagance'] }).has('details')).toBe(true);
    expect(visibleQuestions(form, { saw_problems: 'no' }).has('suggestion')).toBe(false);
    expect(visibleQuestions(form, { saw_problems: 'no', service: 3 }).has('suggestion')).toBe(true);
  });

  it('treats an answer to a hidden question as no answer', () => {
    // "which" is hidden when no problems were seen, so its answer cannot reveal "details".
    expect(visibleQuestions(form, { saw_problems: 'no', which: ['extravagance'] }).has('details')).toBe(false);
  });
});

describe('validating answers', () => {
  const errorsOf = (answers: object) => {
    const r = validateAnswers(form, answers as never);
    return r.ok ? [] : r.errors.map((e) => `${e.question}:${e.code}`);
  };

  it('accepts a complete set of answers and trims text', () => {
    const r = validateAnswers(form, good);
    expect(r).toEqual({ ok: true, value: { ...good, details: '公车私用' } });
  });

  it('reports every missing required answer, including each row of a required matrix', () => {
    expect(errorsOf({})).toEqual(['saw_problems:required', 'service:required', 'team:required']);
    expect(errorsOf({ ...good, which: [], details: undefined })).toEqual(['which:required']);
    // Without "extravagance" picked, the details question is hidden, so answering it is refused too.
    expect(errorsOf({ ...good, which: [] })).toEqual(['details:hidden_answered', 'which:required']);
    expect(errorsOf({ ...good, team: { team: 'good' } })).toEqual(['team:required']);
  });

  it('refuses options not in the list, too many or too few picks, and repeated picks', () => {
    expect(errorsOf({ ...good, saw_problems: 'maybe' })).toContain('saw_problems:not_an_option');
    expect(errorsOf({ ...good, which: ['formalism', 'hedonism', 'extravagance'] })).toEqual(['which:too_many_picks']);
    expect(errorsOf({ ...good, which: ['extravagance', 'extravagance'] })).toEqual(['which:invalid_type']);
    expect(errorsOf({ ...good, which: ['extravagance', 'luxury'] })).toEqual(['which:not_an_option']);
  });

  it('counts text length in characters (Chinese included) against the limit', () => {
    expect(errorsOf({ ...good, saw_problems: 'no', which: undefined, details: undefined, suggestion: '意'.repeat(200) })).toEqual([]);
    expect(errorsOf({ ...good, saw_problems: 'no', which: undefined, details: undefined, suggestion: '意'.repeat(201) })).toEqual(['suggestion:too_long']);
    expect(errorsOf({ ...good, details: 'x'.repeat(5001) })).toEqual(['details:too_long']);
  });

  it('checks ranges, whole numbers, real dates and matrix rows', () => {
    expect(errorsOf({ ...good, service: 6 })).toEqual(['service:out_of_range']);
    expect(errorsOf({ ...good, service: 3.5 })).toEqual(['service:invalid_type']);
    expect(errorsOf({ ...good, visits: 1.5 })).toEqual(['visits:not_integer']);
    expect(errorsOf({ ...good, visits: -1 })).toEqual(['visits:out_of_range']);
    expect(errorsOf({ ...good, last_visit: '2026-02-30' })).toEqual(['last_visit:invalid_date']);
    expect(errorsOf({ ...good, last_visit: '2025-12-31' })).toEqual(['last_visit:out_of_range']);
    expect(errorsOf({ ...good, team: { team: 'good', wang: 'good', li: 'bad' } })).toEqual(['team:unknown_row']);
    expect(errorsOf({ ...good, team: { team: 'excellent', wang: 'good' } })).toEqual(['team:not_an_option']);
  });

  it('refuses answers to hidden questions, unknown questions and notes', () => {
    expect(errorsOf({ ...good, saw_problems: 'no', which: ['formalism'], details: undefined })).toEqual(['which:hidden_answered']);
    expect(errorsOf({ ...good, extra: 'x' })).toEqual(['extra:unknown_question']);
    expect(errorsOf({ ...good, intro: 'read it' })).toEqual(['intro:note_answered']);
  });

  it('words each problem in Chinese, or English when asked', () => {
    expect(answerErrorMessage({ question: 'which', code: 'too_many_picks', params: { max: 2 } }, 'zh-CN')).toBe('最多选择 2 项');
    expect(answerErrorMessage({ question: 'which', code: 'too_many_picks', params: { max: 2 } }, 'en')).toBe('Pick at most 2');
    expect(answerErrorMessage({ question: 'x', code: 'not_an_option', params: { value: 'maybe' } }, 'zh-CN')).toBe('“maybe”不是本题的选项');
  });
});
