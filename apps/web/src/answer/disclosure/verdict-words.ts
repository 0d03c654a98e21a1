import { fillMessage, type Lang } from '@massline/shared/src/errors';
import { lang } from '../i18n';
import { formatPercent, type Satisfied, type Solved, type VerdictAnswer } from './model';

/**
 * The verdict's words (解决了吗？满意吗？ and their answers, thanks, 解决率 and 满意率): what the
 * receipt page's cards need, apart from the disclosure pages' other words (./i18n.ts) so that /r
 * loads only these. Same language switch as the other phone pages (../i18n).
 */
const zhCN = {
  satisfaction: '满意率',
  solvedRate: '解决率',
  noVerdicts: '暂无评议',
  commitment: '承诺',
  verdictSummaryTotal: '计票评议 {n} 票',
  solved_solved: '解决',
  solved_partly: '部分解决',
  solved_unsolved: '未解决',
  satisfied_satisfied: '满意',
  satisfied_basic: '基本满意',
  satisfied_unsatisfied: '不满意',
  solvedAsk: '问题解决了吗？',
  satisfiedAsk: '您满意吗？',
  verdictAsk: '解决了吗？满意吗？',
  needSolved: '请选择问题是否解决',
  needSatisfied: '请选择是否满意',
  comment: '说说您的看法（选填）',
  commentPlaceholder: '例如：哪些地方改好了，哪些还没有改好。',
  verdictSend: '提交评议',
  verdictSending: '正在提交…',
  verdictThanks: '感谢您的评议！',
  verdictChanged: '已更新您的评议',
  verdictAnswer: '{solved}，{satisfied}',
  verdictReopened: '多数计票评议认为问题未解决，这项整改已退回重新整改，领导小组办公室已收到通知。',
  verdictNetwork: '没有提交成功，请检查网络后再点“提交评议”。',
  receiptVerdictsTitle: '群众评议',
  receiptVerdictsLead: '您反映的问题有整改事项已经完成。问题解决了吗？您满意吗？请告诉我们，您的评议计票。',
  receiptVerdictDone: '已完成 {day}',
  receiptVerdictSaid: '您的评议：{value}',
  receiptVerdictChange: '修改评议',
  receiptVerdictKeep: '不修改',
  opinionVerdictTitle: '您的意见已答复：问题解决了吗？满意吗？',
  opinionVerdictLead: '请根据答复和实际情况评价，您的评价会计入解决率和满意率；以后也可以修改。',
};
type Messages = typeof zhCN;

const en: Messages = {
  satisfaction: 'Satisfied',
  solvedRate: 'Solved',
  noVerdicts: 'No verdicts yet',
  commitment: 'Promise',
  verdictSummaryTotal: '{n} counted verdicts',
  solved_solved: 'Solved',
  solved_partly: 'Partly solved',
  solved_unsolved: 'Not solved',
  satisfied_satisfied: 'Satisfied',
  satisfied_basic: 'Mostly satisfied',
  satisfied_unsatisfied: 'Not satisfied',
  solvedAsk: 'Was the problem solved?',
  satisfiedAsk: 'Are you satisfied?',
  verdictAsk: 'Solved? Satisfied?',
  needSolved: 'Say whether it was solved',
  needSatisfied: 'Say whether you are satisfied',
  comment: 'Your comment (optional)',
  commentPlaceholder: 'e.g. What has been fixed, and what has not.',
  verdictSend: 'Send my verdict',
  verdictSending: 'Sending…',
  verdictThanks: 'Thank you for your verdict!',
  verdictChanged: 'Your verdict was updated',
  verdictAnswer: '{solved}, {satisfied}',
  verdictReopened: 'Most counted verdicts say it was not solved: the item has been sent back for rework, and the office has been told.',
  verdictNetwork: 'Not sent: check the connection and tap Send again.',
  receiptVerdictsTitle: 'Residents\' verdict',
  receiptVerdictsLead: 'Work on the problem you reported is marked done. Was it solved? Are you satisfied? Tell us: your verdict is counted.',
  receiptVerdictDone: 'Done {day}',
  receiptVerdictSaid: 'Your verdict: {value}',
  receiptVerdictChange: 'Change my verdict',
  receiptVerdictKeep: 'Keep it',
  opinionVerdictTitle: 'Your opinion was answered: was the problem solved? Are you satisfied?',
  opinionVerdictLead: 'Judge by the answer and what you see: it counts in the solved and satisfied rates, and you may change it later.',
};

export const verdictMessages: Record<Lang, Messages> = { 'zh-CN': zhCN, en };
export type VerdictKey = keyof Messages;

export function vt(key: VerdictKey, params?: Record<string, string | number>): string {
  return fillMessage(verdictMessages[lang.value][key], params);
}

export const solvedLabel = (v: Solved) => vt(`solved_${v}`);
export const satisfiedLabel = (v: Satisfied) => vt(`satisfied_${v}`);
/** 解决，满意 */
export const answerText = (a: VerdictAnswer) => vt('verdictAnswer', { solved: solvedLabel(a.solved), satisfied: satisfiedLabel(a.satisfied) });
/** 满意率 87.5% or 暂无评议. */
export const satisfactionText = (value: number | null) => formatPercent(value) ?? vt('noVerdicts');
