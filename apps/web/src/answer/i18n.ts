import { ref } from 'vue';
import { fillMessage, type Lang } from '@massline/shared/src/errors';

/**
 * The phone pages' words: a plain object and a 10-line lookup instead of vue-i18n, which would
 * cost more than the whole answering screen. zh-CN is the default; English follows the phone's
 * language or the 中/EN switch, remembered under the same key as the staff app's choice.
 */
const zhCN = {
  loading: '正在加载…',
  langSwitch: 'EN',
  langSwitchLabel: 'Switch to English',
  start: '开始填写',
  resume: '继续填写',
  anonymous: '本问卷不记名：系统不记录您的姓名、手机号、IP 地址和手机信息，只记录提交的日期，不记录具体时间。',
  anonymousCodes: '测评码只用来保证一人一票：投票后测评码作废，选票与测评码之间不保留任何关联。',
  codeLabel: '测评码',
  codePlaceholder: '请输入 8 位测评码',
  codeHelp: '测评码印在测评票上，由字母和数字组成（没有 0、O、1、I），不分大小写。',
  codeFormat: '测评码应为 8 位字母或数字（没有 0、O、1、I）',
  questionCount: '共 {count} 题',
  sectionOf: '第 {n} / {total} 部分',
  prev: '上一步',
  next: '下一步',
  toReview: '检查回答',
  required: '必答',
  fixErrors: '还有 {count} 道题需要修改',
  restored: '已恢复您上次未提交的回答',
  readPage: '朗读本页',
  read: '朗读',
  stop: '停止朗读',
  multipleHint: '可多选',
  picksRange: '选 {min} 到 {max} 项',
  picksMin: '至少选 {min} 项',
  picksMax: '最多选 {max} 项',
  textPlaceholder: '请在这里填写',
  numberPlaceholder: '请输入数字',
  matrixDone: '已评 {done} / {total} 项',
  reviewTitle: '请检查您的回答',
  reviewHint: '确认无误后点击“提交”。提交后不能再修改。',
  notAnswered: '未作答',
  edit: '修改',
  submit: '提交',
  submitting: '正在投入票箱…',
  ballotBoxTitle: '正在投入票箱，请稍候',
  ballotBoxBody: '为了保护匿名，您提交的内容会和同一时间其他人提交的一起打乱顺序保存，谁也分不出哪一份是您的。这最多需要十秒左右，请不要关闭页面。',
  doneTitle: '提交成功',
  doneSurvey: '感谢您的参与！您的回答已经收到，将由活动领导小组办公室汇总，用于查找和整改干部作风方面的问题。',
  doneBallot: '您的测评票已经投出，这个测评码已作废。测评结果由活动领导小组办公室统计汇总，只统计票数，不显示谁投了什么票。',
  doneClose: '现在可以关闭本页面。',
  notFoundTitle: '找不到这份问卷',
  notFoundHint: '请核对链接或二维码是否正确。',
  closedTitle: '问卷已停止填写',
  codeUsedTitle: '测评码已使用',
  codeInvalidTitle: '测评码无效',
  otherCode: '重新输入测评码',
  networkTitle: '网络连接失败',
  networkHint: '您的回答已保存在本机。网络恢复后点“重试”即可，不会重复提交。',
  retry: '重试',
  namedTitle: '需要登录后填写',
  namedHint: '这份问卷由工作人员分配给具体人员，请登录后填写。',
  errorTitle: '出错了',
  backToForm: '返回修改',
  pageNotFound: '页面不存在',
  // Read-aloud framing: the form's own words are read as written.
  sayQuestion: '第 {n} 题。',
  sayRequired: '（必答）',
  sayOptions: '选项有：',
  sayMultiple: '可以选多项。',
  sayRating: '请从 {min} 到 {max} 打分。',
  sayRatingEnds: '{min} 表示{minLabel}，{max} 表示{maxLabel}。',
  sayRows: '需要评价的有：',
  sayScale: '每一项可以选：',
  sayText: '请用文字填写。',
  sayNumber: '请填写数字。',
  sayDate: '请选择日期。',
  listSep: '，',
};
type Messages = typeof zhCN;

const en: Messages = {
  loading: 'Loading…',
  langSwitch: '中',
  langSwitchLabel: '切换到中文',
  start: 'Start',
  resume: 'Continue',
  anonymous: 'This form is anonymous: the system keeps no name, phone number, IP address or phone details, only the day of submission, not the time.',
  anonymousCodes: 'The code only ensures one ballot per person: it is void once used, and nothing links the ballot to the code.',
  codeLabel: 'Code',
  codePlaceholder: 'Enter the 8-character code',
  codeHelp: 'The code is printed on your ballot slip: letters and digits (no 0, O, 1 or I), any case.',
  codeFormat: 'The code has 8 letters or digits (no 0, O, 1 or I)',
  questionCount: '{count} questions',
  sectionOf: 'Part {n} of {total}',
  prev: 'Back',
  next: 'Next',
  toReview: 'Review',
  required: 'Required',
  fixErrors: '{count} answers need correcting',
  restored: 'Your unsent answers were restored',
  readPage: 'Read aloud',
  read: 'Read',
  stop: 'Stop',
  multipleHint: 'Pick any',
  picksRange: 'Pick {min} to {max}',
  picksMin: 'Pick at least {min}',
  picksMax: 'Pick at most {max}',
  textPlaceholder: 'Write here',
  numberPlaceholder: 'Enter a number',
  matrixDone: '{done} of {total} rated',
  reviewTitle: 'Check your answers',
  reviewHint: 'Tap "Submit" when they are right. You cannot change them afterwards.',
  notAnswered: 'Not answered',
  edit: 'Change',
  submit: 'Submit',
  submitting: 'Into the ballot box…',
  ballotBoxTitle: 'Putting it into the ballot box, please wait',
  ballotBoxBody: 'To keep you anonymous, what you sent is stored together with what others sent at about the same time, in shuffled order, so nobody can tell which one is yours. This takes up to about ten seconds; please do not close the page.',
  doneTitle: 'Sent',
  doneSurvey: 'Thank you! Your answers have arrived; the campaign office collects them to find and fix problems in how cadres work.',
  doneBallot: 'Your ballot has been cast and the code is now void. The campaign office counts the votes; no one can see who voted what.',
  doneClose: 'You can close this page now.',
  notFoundTitle: 'Form not found',
  notFoundHint: 'Check the link or QR code.',
  closedTitle: 'This form is closed',
  codeUsedTitle: 'Code already used',
  codeInvalidTitle: 'Code not valid',
  otherCode: 'Enter the code again',
  networkTitle: 'No connection',
  networkHint: 'Your answers are kept on this phone. Tap "Retry" once you are back online; nothing is sent twice.',
  retry: 'Retry',
  namedTitle: 'Sign-in needed',
  namedHint: 'This form is assigned to named people by the staff; sign in to answer it.',
  errorTitle: 'Something went wrong',
  backToForm: 'Back to the form',
  pageNotFound: 'Page not found',
  sayQuestion: 'Question {n}.',
  sayRequired: '(required)',
  sayOptions: 'The options are:',
  sayMultiple: 'You may pick several.',
  sayRating: 'Rate from {min} to {max}.',
  sayRatingEnds: '{min} means {minLabel}; {max} means {maxLabel}.',
  sayRows: 'To rate:',
  sayScale: 'For each, choose:',
  sayText: 'Answer in words.',
  sayNumber: 'Enter a number.',
  sayDate: 'Choose a date.',
  listSep: ', ',
};

const messages: Record<Lang, Messages> = { 'zh-CN': zhCN, en };
const STORAGE_KEY = 'massline.lang';

function initialLang(): Lang {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === 'zh-CN' || saved === 'en') return saved;
  } catch {
    // Storage blocked: fall through to the phone's language.
  }
  return typeof navigator !== 'undefined' && /^en\b/i.test(navigator.language) ? 'en' : 'zh-CN';
}

export const lang = ref<Lang>(initialLang());

export type MessageKey = keyof Messages;
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  return fillMessage(messages[lang.value][key], params);
}

export function setLang(next: Lang): void {
  lang.value = next;
  document.documentElement.lang = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // Not remembered; still switched for this visit.
  }
}
