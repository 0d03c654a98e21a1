import { describe, expect, it } from 'vitest';
import { validateAnswers } from './answers.js';
import { evaluationBallot, formTemplates } from './templates.js';

describe('built-in templates', () => {
  it('has the four questionnaires of the source document, each on the four winds, service and suggestions', () => {
    expect(formTemplates.map((t) => t.kind)).toEqual(['self_check', 'mutual_check', 'resident_survey', 'field_visit']);
    for (const t of formTemplates) {
      const text = JSON.stringify(t.definition);
      for (const word of ['形式主义', '官僚主义', '享乐主义', '奢靡之风', '服务群众']) expect(text, `${t.key} mentions ${word}`).toContain(word);
      expect(text, `${t.key} asks for suggestions`).toMatch(/建议|整改措施/);
    }
  });

  it('asks the field-visit questions only when the visit happened', () => {
    const visit = formTemplates.find((t) => t.key === 'field_visit')!;
    expect(validateAnswers(visit.definition, { outcome: 'not_home' }).ok).toBe(true);
    const done = validateAnswers(visit.definition, { outcome: 'completed' });
    expect(done.ok ? [] : done.errors.map((e) => e.question)).toEqual(['aware', 'service']);
  });

  it('builds the democratic-evaluation ballot for the team and each chosen cadre, on either scale', () => {
    const ballot = evaluationBallot('示范镇党委', ['李秀英', '陈志强']);
    const matrix = ballot.definition.sections[0].questions[0];
    expect(matrix.type === 'matrix' && matrix.rows.map((r) => r.label)).toEqual(['示范镇党委领导班子（整体）', '李秀英', '陈志强']);
    expect(matrix.type === 'matrix' && matrix.scale.map((s) => s.label)).toEqual(['满意', '基本满意', '不满意', '不了解']);
    const quality = evaluationBallot('示范镇党委', ['李秀英'], 'quality').definition.sections[0].questions[0];
    expect(quality.type === 'matrix' && quality.scale.map((s) => s.label)).toEqual(['好', '较好', '一般', '差']);
    expect(ballot.distribution).toBe('codes');
    expect(validateAnswers(ballot.definition, { ratings: { team: 'satisfied', c1: 'unknown', c2: 'dissatisfied' } }).ok).toBe(true);
    const partial = validateAnswers(ballot.definition, { ratings: { team: 'satisfied' } });
    expect(partial.ok ? [] : partial.errors.map((e) => `${e.question}:${e.code}`)).toEqual(['ratings:required']);
  });
});
