import { fillMessage, type Lang } from '@massline/shared/src/errors';
import { lang } from '../i18n';
import { formatPercent, type VerdictValue } from './model';

/**
 * The verdict's words (整改到位了吗？ and its three answers, thanks, 满意率): what the receipt page's
 * 群众评议 card needs, apart from the disclosure pages' other words (./i18n.ts) so that /r loads
 * only these. Same language switch as the other phone pages (../i18n).
 */
const zhCN = {
  satisfaction: '群众满意率',
  noVerdicts: '暂无评议',
  commitment: '承诺',
  verdictSummaryTotal: '共 {n} 人评议',
  verdict_fixed: '已整改到位',
  verdict_partly: '部分整改',
  verdict_not_fixed: '没有整改到位',
  verdictAsk: '整改到位了吗？',
  needVerdict: '请选择一项',
  comment: '说说您的看法（选填）',
  commentPlaceholder: '例如：哪些地方改好了，哪些还没有改好。',
  verdictSend: '提交评议',
  verdictSending: '正在提交…',
  verdictThanks: '感谢您的评议！',
  verdictReopened: '多数群众认为没有整改到位，这项整改已退回重新整改，领导小组办公室已收到通知。',
  verdictNetwork: '没有提交成功，请检查网络后再点“提交评议”。',
  receiptVerdictsTitle: '群众评议',
  receiptVerdictsLead: '您反映的问题已经整改完成。整改到位了吗？请告诉我们。',
  receiptVerdictDone: '已完成 {day}',
  receiptVerdictSaid: '您的评议：{value}',
};
type Messages = typeof zhCN;

const en: Messages = {
  satisfaction: 'Satisfaction',
  noVerdicts: 'No verdicts yet',
  commitment: 'Promise',
  verdictSummaryTotal: '{n} verdicts',
  verdict_fixed: 'Fixed',
  verdict_partly: 'Partly fixed',
  verdict_not_fixed: 'Not fixed',
  verdictAsk: 'Was it really fixed?',
  needVerdict: 'Choose one',
  comment: 'Your comment (optional)',
  commentPlaceholder: 'e.g. What has been fixed, and what has not.',
  verdictSend: 'Send my verdict',
  verdictSending: 'Sending…',
  verdictThanks: 'Thank you for your verdict!',
  verdictReopened: 'Most residents say it was not fixed: the item has been sent back for rework, and the office has been told.',
  verdictNetwork: 'Not sent: check the connection and tap Send again.',
  receiptVerdictsTitle: 'Residents\' verdict',
  receiptVerdictsLead: 'The problem you reported has been worked on. Was it really fixed? Tell us.',
  receiptVerdictDone: 'Done {day}',
  receiptVerdictSaid: 'Your verdict: {value}',
};

export const verdictMessages: Record<Lang, Messages> = { 'zh-CN': zhCN, en };
export type VerdictKey = keyof Messages;

export function vt(key: VerdictKey, params?: Record<string, string | number>): string {
  return fillMessage(verdictMessages[lang.value][key], params);
}

export const verdictLabel = (v: VerdictValue) => vt(`verdict_${v}`);
/** 满意率 87.5% or 暂无评议. */
export const satisfactionText = (value: number | null) => formatPercent(value) ?? vt('noVerdicts');
