import type { FormDefinition, FormResults } from '@massline/shared';
import { ANSWERED } from './tallies.js';

export const SMALL = 5;

type Tally = { question: string; item: string; value: string; count: number };

/**
 * Results from the tallies alone. Outside the office (`full` false) a count below 5 shows "<5",
 * and so does every share or rate computed from a group that small.
 */
export function computeResults(formId: string, def: FormDefinition, responseCount: number, tallies: Tally[], full: boolean, threshold: number): FormResults {
  const count = (n: number) => (full || n === 0 || n >= SMALL ? n : ('<5' as const));
  const byKey = new Map(tallies.map((t) => [`${t.question}\u0000${t.item}\u0000${t.value}`, t.count]));
  const get = (question: string, item: string, value: string) => byKey.get(`${question}\u0000${item}\u0000${value}`) ?? 0;
  const share = (n: number, base: number) => (base > 0 && (full || (n === 0 || n >= SMALL) && base >= SMALL) ? Math.round((n / base) * 1000) / 10 : null);

  const questions = def.sections.flatMap((s) => s.questions).filter((q) => q.type !== 'note').map((q) => {
    const answered = get(q.key, '', ANSWERED);
    const base = { key: q.key, label: q.label, type: q.type, answered: count(answered) };
    if (q.type === 'single' || q.type === 'multiple') {
      return { ...base, options: q.options.map((o) => { const n = get(q.key, '', o.value); return { value: o.value, label: o.label, count: count(n), percent: share(n, answered) }; }) };
    }
    if (q.type === 'rating') {
      let sum = 0;
      const options = [];
      for (let v = q.min; v <= q.max; v++) {
        const n = get(q.key, '', String(v));
        sum += v * n;
        options.push({ value: String(v), label: String(v), count: count(n), percent: share(n, answered) });
      }
      return { ...base, options, average: answered > 0 && (full || answered >= SMALL) ? Math.round((sum / answered) * 100) / 100 : null };
    }
    if (q.type === 'matrix') {
      const values = q.scale.map((s) => s.value);
      const evaluation = ['satisfied', 'basically', 'dissatisfied', 'unknown'].every((v) => values.includes(v));
      const rows = q.rows.map((r) => {
        const valid = get(q.key, r.value, ANSWERED);
        const grades = q.scale.map((g) => { const n = get(q.key, r.value, g.value); return { value: g.value, label: g.label, count: count(n), percent: share(n, valid) }; });
        if (!evaluation) return { value: r.value, label: r.label, answered: count(valid), grades };
        const known = valid - get(q.key, r.value, 'unknown');
        const shown = known > 0 && (full || known >= SMALL);
        const satisfactionRate = shown ? (get(q.key, r.value, 'satisfied') + get(q.key, r.value, 'basically')) / known : null;
        const dissatisfactionRate = shown ? get(q.key, r.value, 'dissatisfied') / known : null;
        return {
          value: r.value, label: r.label, answered: count(valid), grades,
          satisfactionRate: satisfactionRate === null ? null : Math.round(satisfactionRate * 1000) / 1000,
          dissatisfactionRate: dissatisfactionRate === null ? null : Math.round(dissatisfactionRate * 1000) / 1000,
          flagged: dissatisfactionRate !== null && dissatisfactionRate > threshold,
        };
      });
      return { ...base, rows };
    }
    return base;
  });
  return { formId, responseCount: count(responseCount), dissatisfactionThreshold: threshold, questions };
}

const percent = (p: number | null | undefined) => (p === null || p === undefined ? '' : `${p}%`);
const rate = (r: number | null | undefined) => (r === null || r === undefined ? '' : `${Math.round(r * 1000) / 10}%`);

/** The results as a table for .xlsx and CSV: one line per option, rating value or target × grade. */
export function resultRows(results: FormResults): (string | number)[][] {
  const rows: (string | number)[][] = [['题目', '评议对象', '选项', '数量', '占比', '平均分', '满意率', '不满意率', '超过阈值']];
  for (const q of results.questions) {
    if (q.rows) {
      for (const r of q.rows) {
        for (const g of r.grades) rows.push([q.label, r.label, g.label, g.count, percent(g.percent), '', rate(r.satisfactionRate), rate(r.dissatisfactionRate), r.flagged ? '是' : '']);
      }
    } else if (q.options) {
      for (const o of q.options) rows.push([q.label, '', o.label, o.count, percent(o.percent), q.average ?? '', '', '', '']);
    } else rows.push([q.label, '', '（回答数）', q.answered, '', '', '', '', '']);
  }
  return rows;
}
