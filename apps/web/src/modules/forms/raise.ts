import { h, reactive } from 'vue';
import { RouterLink } from 'vue-router';
import { useI18n } from 'vue-i18n';
import { notifyError } from '@/api/http';
import { ElMessage } from '@/plugins/element';
import { problemsApi } from '@/modules/problems/api';

/** One answer on the results page: a response's answer to a question (and a matrix row). */
export interface AnswerRef {
  responseId: string;
  question: string;
  row?: string | null;
}

export const answerKey = (a: AnswerRef) => `${a.responseId}\u0000${a.question}\u0000${a.row ?? ''}`;
export const problemPath = (id: string) => `/problems/${encodeURIComponent(id)}`;

/**
 * 列为问题 on the results page, for a written answer or a low mark alike: one click raises the
 * answer as a problem (the server fills in title, owner and category from it and keeps the trail
 * back to the answer); the message links to the new problem, and the answer then links there too.
 * A refusal (already raised, not a low mark, out of reach) shows the server's own words.
 */
export function useRaiseAnswer(formId: () => string) {
  const { t } = useI18n();
  const raising = reactive(new Set<string>());
  /** Answers raised from this page: answer key → the new problem's id. */
  const raised = reactive(new Map<string, string>());

  async function raise(answer: AnswerRef): Promise<void> {
    const key = answerKey(answer);
    if (raising.has(key)) return;
    raising.add(key);
    try {
      const problem = await problemsApi.fromAnswer({
        formId: formId(),
        responseId: answer.responseId,
        question: answer.question,
        ...(answer.row ? { row: answer.row } : {}),
      });
      raised.set(key, problem.id);
      ElMessage({
        type: 'success',
        showClose: true,
        duration: 8000,
        message: h('span', [
          t('forms.results.raised', { title: problem.title }),
          '　',
          h(RouterLink, { to: problemPath(problem.id), class: 'raised-link', 'data-testid': 'raised-link' }, () => t('forms.results.openProblem')),
        ]),
      });
    } catch (error) {
      // 409 answer_in_problem / 422 answer_not_raisable / 404: the server's own words.
      notifyError(error);
    } finally {
      raising.delete(key);
    }
  }

  return { raising, raised, raise };
}
