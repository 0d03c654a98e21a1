import type { Answers, FormDefinition } from '@massline/shared';

/** The tally value counting how many respondents answered a question (or a matrix row). */
export const ANSWERED = '*';

/** What one validated response adds to the tallies: one count per option, rating, row and answered question. */
export function tallyKeys(def: FormDefinition, answers: Answers): { question: string; item: string; value: string }[] {
  const keys: { question: string; item: string; value: string }[] = [];
  for (const section of def.sections) {
    for (const q of section.questions) {
      const v = answers[q.key];
      if (v === undefined) continue;
      keys.push({ question: q.key, item: '', value: ANSWERED });
      if (q.type === 'single' || q.type === 'rating') keys.push({ question: q.key, item: '', value: String(v) });
      else if (q.type === 'multiple') for (const x of v as string[]) keys.push({ question: q.key, item: '', value: x });
      else if (q.type === 'matrix') {
        for (const [row, x] of Object.entries(v as Record<string, string>)) {
          keys.push({ question: q.key, item: row, value: ANSWERED }, { question: q.key, item: row, value: x });
        }
      }
    }
  }
  // One order for every writer, so concurrent upserts on PostgreSQL never wait on each other in a cycle.
  return keys.sort((a, b) => (a.question + a.item + a.value < b.question + b.item + b.value ? -1 : 1));
}

/** The scopes a response counts in: the whole form, its org and its subject. */
export function scopesOf(orgId: string | null, subjectId: string | null): string[] {
  return ['', ...(orgId ? [`o:${orgId}`] : []), ...(subjectId ? [`s:${subjectId}`] : [])];
}

/** The per-scope response count: question '' (no question key can be empty). */
export const RESPONSES = { question: '', item: '', value: ANSWERED };
