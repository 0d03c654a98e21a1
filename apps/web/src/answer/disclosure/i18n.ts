import { fillMessage, type Lang } from '@massline/shared/src/errors';
import { lang } from '../i18n';
import type { PublicItem, RectificationStatus, VerdictKind, VerdictSummary } from './model';
import { formatPercent } from './model';
import { verdictMessages, type VerdictKey } from './verdict-words';

export { answerText, satisfactionText, satisfiedLabel, solvedLabel } from './verdict-words';

/**
 * The rectification disclosure's words (/d/:orgId, /d/i/:id, and the receipt page's 群众评议 card),
 * in their own chunk. Same language switch as the other phone pages (../i18n).
 */
const zhCN = {
  listTitle: '整改公示',
  itemTitle: '整改事项公示',
  listHeading: '{org}整改清单',
  listLead: '以下是{org}向群众公开承诺的整改事项。整改完成后，欢迎您评议问题是否解决、是否满意；发现内容与事实不符，可以点“纠错”告诉我们。',
  publishedOn: '{day} 公示',
  notFoundTitle: '没有找到公示内容',
  listNotFoundHint: '这个单位还没有公示整改清单，或者二维码、链接不完整。',
  itemNotFoundHint: '这项整改还没有公示或已撤回公示，请核对二维码或链接。',
  loadFailed: '没有加载成功，请检查网络后重试。',
  itemsCount: '整改事项',
  itemsUnit: '{n} 项',
  finished: '已完成',
  overdueCount: '逾期',
  overallProgress: '总体进度',
  status_planned: '未开始',
  status_in_progress: '整改中',
  status_done: '已完成',
  status_verified: '已验收',
  overdue: '已逾期',
  onTheSpot: '立行立改',
  progress: '进度',
  deadline: '完成时限',
  doneDay: '完成日期',
  measures: '整改措施',
  owner: '责任单位',
  ownerPerson: '责任人',
  openItem: '查看详情和评议',
  no: '序号',
  item: '整改事项',
  statusCol: '状态',
  verdictsShort: '计票评议 {n} 票，解决率 {solved}，满意率 {rate}',
  listSatisfaction: '群众满意率（计票评议）',
  backToList: '返回整改清单',
  milestones: '整改节点',
  milestoneDue: '计划 {day} 完成',
  milestoneDone: '{day} 已完成',
  milestoneTodo: '未完成',
  milestoneWeight: '占 {n}%',
  timeline: '整改进展',
  noTimeline: '还没有公开的进展。',
  kind_created: '制定整改措施',
  kind_progress: '进展情况',
  kind_status: '状态变更',
  kind_milestone: '完成节点',
  kind_reopened: '重新整改',
  kind_published: '公示',
  kind_edited: '调整整改措施',
  toStatus: '改为“{status}”',
  photos: '佐证材料',
  photoOpen: '点击查看大图：{name}',
  photoClose: '关闭大图',
  pdfOpen: '查看文件：{name}',
  verdictTitle: '群众评议',
  verdictNone: '还没有人评议。',
  verdictNoneCounted: '还没有计票的评议。',
  verdictRound: '第 {n} 轮评议（整改退回后重新评议）',
  verdictLead: '这项整改已经完成，请根据您看到的实际情况评议。',
  verdictNotOpen: '整改完成后，才能评议问题是否解决。',
  kindsTitle: '各类评议',
  backing_receipt: '凭查询码（含回访）',
  backing_code: '凭评议码',
  backing_open: '公开参考',
  kindVotes: '{n} 票',
  kindCounted: '计票',
  kindReference: '仅作参考',
  kindsJoin: '、',
  linesJoin: '',
  ruleCounts: '计票的评议：{kinds}。',
  ruleReference: '{kinds}只作参考，不计票。',
  ruleReopen: '至少 {n} 票计票评议、且超过半数认为未解决时，事项退回重新整改。',
  verdictReceipt: '查询码',
  verdictReceiptLead: '如果您反映过这个问题，请输入查询码，您的评议将计票。',
  verdictReceiptPlaceholder: '反映意见时拿到的 16 位查询码',
  badReceipt: '查询码应为 16 位字母或数字（没有 0、O、1、I），请核对',
  verdictOpenNote: '没有查询码也可以评议：这是公开评议，单独显示为“公开参考”，不计票；同一处每天只能评议一次。',
  verdictOpenNoteCounted: '没有查询码也可以评议：这是公开评议，单独显示为“公开参考”（上级已决定也计票）；同一处每天只能评议一次。',
  verdictCodeLead: '拿到了评议票？请输入票上印的评议码，您的评议将计票。',
  verdictCodeOnly: '这项整改凭查询码或评议码评议：请输入其中一个。',
  verdictCode: '评议码',
  verdictCodePlaceholder: '8 位字母和数字',
  verdictCodeHelp: '评议码由字母和数字组成（没有 0、O、1、I），不分大小写。同一个码再次评议会更新原来的评议。',
  needCode: '请输入评议码',
  needCodeOrReceipt: '请输入查询码或评议码',
  badCode: '评议码应为 8 位字母或数字（没有 0、O、1、I）',
  verdictCounted: '您的评议已计入下面的统计。',
  verdictReference: '您的评议作为“公开参考”显示在下面，不计票。',
  verdictGiven: '您的评议：{value}',
  verdictAnother: '再评议一次（用查询码或另一张评议票）',
  flag: '纠错',
  flagTitle: '纠错：指出公示内容中的错误',
  flagLead: '哪里与事实不符？请写清楚，工作人员会核实并答复。不需要留姓名。',
  flagPlaceholder: '例如：公示说路已修好，实际上边沟还没有动工。',
  flagSend: '提交纠错',
  flagSending: '正在提交…',
  flagDone: '已收到，我们会核实并在本页答复',
  flagClose: '关闭',
  flagCancel: '取消',
  needFlag: '请写下哪里有错',
  flagGone: '这项整改已经撤回公示，无法纠错。',
  flagNetwork: '没有提交成功，请检查网络后再点“提交纠错”。写的内容还在。',
  flagAsk: '发现公示内容与事实不符？',
  flagsTitle: '群众纠错及答复',
  flagSaid: '群众反映',
  flagAnswer: '答复',
  shareTitle: '扫码查看',
  shareHint: '微信扫一扫，或长按识别二维码，打开本页',
  print: '打印',
  // The receipt page's card.
  receiptVerdictOpen: '查看整改公示',
  // Read-aloud framing.
  sayItemOf: '第{n}项：',
  sayStatus: '状态：',
  sayProgress: '进度百分之{n}。',
  sayDeadline: '完成时限：{day}。',
  sayCommitment: '承诺：',
  sayMeasures: '整改措施：',
  sayOwner: '责任单位：{org}。',
  sayOwnerPerson: '责任人：{name}。',
  sayOverall: '共{n}项整改，总体进度百分之{p}。',
  saySatisfaction: '群众满意率{rate}。',
  sayRates: '解决率{solved}，满意率{rate}。',
  sayVerdicts: '计票评议{n}票：解决{solved}票，部分解决{partly}票，未解决{unsolved}票。',
};
type Messages = typeof zhCN;

const en: Messages = {
  listTitle: 'Rectification notice',
  itemTitle: 'Rectification item',
  listHeading: 'Rectification list of {org}',
  listLead: 'What {org} has publicly promised to fix. Once an item is done, tell us whether the problem was solved and whether you are satisfied; if something here is not true, tap "Flag an error".',
  publishedOn: 'Published {day}',
  notFoundTitle: 'Nothing published here',
  listNotFoundHint: 'This unit has not published a rectification list yet, or the QR code or link is incomplete.',
  itemNotFoundHint: 'This item is not published, or no longer; check the QR code or link.',
  loadFailed: 'Could not load: check the connection and retry.',
  itemsCount: 'Items',
  itemsUnit: '{n}',
  finished: 'Done',
  overdueCount: 'Overdue',
  overallProgress: 'Overall progress',
  status_planned: 'Not started',
  status_in_progress: 'In progress',
  status_done: 'Done',
  status_verified: 'Verified',
  overdue: 'Overdue',
  onTheSpot: 'Fixed on the spot',
  progress: 'Progress',
  deadline: 'Deadline',
  doneDay: 'Done on',
  measures: 'Measures',
  owner: 'Responsible unit',
  ownerPerson: 'Responsible person',
  openItem: 'Details and verdict',
  no: 'No.',
  item: 'Item',
  statusCol: 'Status',
  verdictsShort: '{n} counted verdicts, {solved} solved, {rate} satisfied',
  listSatisfaction: 'Satisfaction (counted verdicts)',
  backToList: 'Back to the list',
  milestones: 'Milestones',
  milestoneDue: 'Due {day}',
  milestoneDone: 'Done {day}',
  milestoneTodo: 'Not done',
  milestoneWeight: '{n}%',
  timeline: 'Progress so far',
  noTimeline: 'Nothing published yet.',
  kind_created: 'Measures set',
  kind_progress: 'Progress',
  kind_status: 'Status changed',
  kind_milestone: 'Milestone done',
  kind_reopened: 'Sent back for rework',
  kind_published: 'Published',
  kind_edited: 'Measures changed',
  toStatus: 'now "{status}"',
  photos: 'Evidence',
  photoOpen: 'Tap to enlarge: {name}',
  photoClose: 'Close',
  pdfOpen: 'Open the file: {name}',
  verdictTitle: 'Residents\' verdict',
  verdictNone: 'No verdicts yet.',
  verdictNoneCounted: 'No counted verdicts yet.',
  verdictRound: 'Round {n} (judged again after rework)',
  verdictLead: 'This item is marked done. Judge by what you see yourself.',
  verdictNotOpen: 'Verdicts open once the item is done.',
  kindsTitle: 'Verdicts by kind',
  backing_receipt: 'Receipt (call-backs included)',
  backing_code: 'Verdict code',
  backing_open: 'Open (reference)',
  kindVotes: '{n}',
  kindCounted: 'Counted',
  kindReference: 'Reference',
  kindsJoin: ', ',
  linesJoin: ' ',
  ruleCounts: 'Counted: {kinds}.',
  ruleReference: '{kinds}: shown for reference, not counted.',
  ruleReopen: 'With at least {n} counted verdicts, more than half of them saying not solved, the item is sent back for rework.',
  verdictReceipt: 'Receipt code',
  verdictReceiptLead: 'If you reported this problem, enter your receipt code: your verdict will be counted.',
  verdictReceiptPlaceholder: 'The 16-symbol code you got with your opinion',
  badReceipt: 'A receipt code is 16 letters or digits (no 0, O, 1 or I); check it',
  verdictOpenNote: 'No receipt? You may still judge: it is an open verdict, shown apart "for reference" and not counted; one a day from one place.',
  verdictOpenNoteCounted: 'No receipt? You may still judge: it is an open verdict, shown apart "for reference" (the level above chose to count these too); one a day from one place.',
  verdictCodeLead: 'Got a verdict slip? Enter the code printed on it: your verdict will be counted.',
  verdictCodeOnly: 'This item takes a receipt code or a verdict code: enter one of them.',
  verdictCode: 'Verdict code',
  verdictCodePlaceholder: '8 letters and digits',
  verdictCodeHelp: 'Letters and digits (no 0, O, 1 or I), any case. Judging again with the same code changes the verdict.',
  needCode: 'Enter the verdict code',
  needCodeOrReceipt: 'Enter a receipt code or a verdict code',
  badCode: 'The code is 8 letters or digits (no 0, O, 1 or I)',
  verdictCounted: 'It is counted in the figures below.',
  verdictReference: 'It is shown below "for reference" and not counted.',
  verdictGiven: 'Your verdict: {value}',
  verdictAnother: 'Judge again (with a receipt or another slip)',
  flag: 'Flag an error',
  flagTitle: 'Flag an error in this notice',
  flagLead: 'What is not true? Say it plainly: staff will check it and answer here. No name needed.',
  flagPlaceholder: 'e.g. It says the road was repaired; the ditch has not even been started.',
  flagSend: 'Send',
  flagSending: 'Sending…',
  flagDone: 'Received: we will check it and answer on this page',
  flagClose: 'Close',
  flagCancel: 'Cancel',
  needFlag: 'Write what is wrong',
  flagGone: 'This item is no longer published and cannot be flagged.',
  flagNetwork: 'Not sent: check the connection and tap Send again. What you wrote is still here.',
  flagAsk: 'Something here not true?',
  flagsTitle: 'Errors flagged and answers',
  flagSaid: 'A resident said',
  flagAnswer: 'Answer',
  shareTitle: 'Scan to open',
  shareHint: 'Scan with WeChat, or long-press the code, to open this page',
  print: 'Print',
  receiptVerdictOpen: 'See the public notice',
  sayItemOf: 'Item {n}:',
  sayStatus: 'Status:',
  sayProgress: '{n} percent done.',
  sayDeadline: 'Deadline: {day}.',
  sayCommitment: 'Promise:',
  sayMeasures: 'Measures:',
  sayOwner: 'Responsible unit: {org}.',
  sayOwnerPerson: 'Responsible person: {name}.',
  sayOverall: '{n} items, {p} percent done overall.',
  saySatisfaction: '{rate} satisfied.',
  sayRates: '{solved} solved, {rate} satisfied.',
  sayVerdicts: '{n} counted verdicts: solved {solved}, partly solved {partly}, not solved {unsolved}.',
};

const messages: Record<Lang, Messages> = { 'zh-CN': zhCN, en };
/** The pages' words and the verdict's (./verdict-words.ts), under one lookup. */
export type DisclosureKey = keyof Messages | VerdictKey;

export function dt(key: DisclosureKey, params?: Record<string, string | number>): string {
  const words = messages[lang.value] as Record<string, string>;
  return fillMessage(words[key] ?? (verdictMessages[lang.value] as Record<string, string>)[key], params);
}

export const rectStatusLabel = (s: RectificationStatus) => dt(`status_${s}`);
/** The tag's words: 已逾期 wins over the status, as it is what a resident must see first. */
export const statusTagLabel = (i: Pick<PublicItem, 'status' | 'overdue'>) => (i.overdue ? `${rectStatusLabel(i.status)} · ${dt('overdue')}` : rectStatusLabel(i.status));
export const kindLabel = (kind: string) => (messages[lang.value] as Record<string, string>)[`kind_${kind}`] ?? kind;

/** One line for a list item's counted verdicts: "计票评议 4 票，解决率 50%，满意率 75%", or nothing without any. */
export function verdictsShort(v: VerdictSummary): string | null {
  return v.counted.total ? dt('verdictsShort', { n: v.counted.total, solved: formatPercent(v.solvedRate) ?? '0%', rate: formatPercent(v.satisfaction) ?? '0%' }) : null;
}

export const backingLabel = (k: VerdictKind) => dt(`backing_${k}`);

/** The rule in plain words: which kinds count, which are reference only, and when an item is sent back. */
export function ruleLines(v: Pick<VerdictSummary, 'countedKinds' | 'reopenMin'>): string[] {
  const kinds = ['receipt', 'code', 'open'] as const;
  const join = (ks: readonly VerdictKind[]) => ks.map(backingLabel).join(dt('kindsJoin'));
  const counted = kinds.filter((k) => v.countedKinds.includes(k));
  const reference = kinds.filter((k) => !v.countedKinds.includes(k));
  return [
    dt('ruleCounts', { kinds: join(counted) }),
    ...(reference.length ? [dt('ruleReference', { kinds: join(reference) })] : []),
    dt('ruleReopen', { n: v.reopenMin }),
  ];
}

/** The read-aloud lines of one item (its heading lines first), short ones for the phones that cut long ones off. */
export function itemScript(i: PublicItem, detail = false): string[] {
  const lines = [
    i.title,
    `${dt('sayStatus')}${statusTagLabel(i)}。${dt('sayProgress', { n: Math.round(i.progress) })}${dt('sayDeadline', { day: i.deadline })}`,
    `${dt('sayCommitment')}${i.commitment}`,
  ];
  if (detail) {
    lines.push(`${dt('sayMeasures')}${i.measures}`);
    lines.push(dt('sayOwner', { org: i.ownerOrgName }) + (i.ownerPersonName ? dt('sayOwnerPerson', { name: i.ownerPersonName }) : ''));
  }
  const c = i.verdicts.counted;
  if (c.total) {
    lines.push(dt('sayVerdicts', { n: c.total, solved: c.solved, partly: c.partly, unsolved: c.unsolved }) + dt('sayRates', { solved: formatPercent(i.verdicts.solvedRate) ?? '0%', rate: formatPercent(i.verdicts.satisfaction) ?? '0%' }));
  }
  return lines;
}
