import { problemCategoryLabels, summarySectionTitles, type SummaryFigures, type SummarySection, type SummarySectionKey } from '@massline/shared';

/** Names as a summary writes them (the document is Chinese, whatever the reader's language). */
const meetingKinds: Record<string, string> = {
  mobilisation: '动员大会', study: '集中学习', forum_individual: '个别座谈（个别听）', forum_group: '集体座谈（集体谈）',
  democratic_life: '专题民主生活会', org_life: '组织生活会', topic_discussion: '专题讨论',
};
const channels: Record<string, string> = { forum: '座谈会', visit: '走访', mailbox: '意见箱', phone: '电话', meeting: '会议', letter: '来信', online: '网上' };

const listOf = (rows: { key: string; count: number }[], names: Record<string, string>, unit: string) =>
  rows.map((r) => `${names[r.key] ?? r.key}${r.count}${unit}`).join('、');
const sum = (rows: { count: number }[]) => rows.reduce((n, r) => n + r.count, 0);
const hours = (minutes: number) => Math.round((minutes / 60) * 10) / 10;
const dateText = (day: string) => `${Number(day.slice(0, 4))}年${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日`;

export interface DraftContext {
  orgName: string;
  campaignTitle: string;
  /** The phase summarised, or null for the whole campaign. */
  phase: { key: string; title: string } | null;
  figures: SummaryFigures;
}

export function draftTitle(c: Pick<DraftContext, 'orgName' | 'campaignTitle' | 'phase'>): string {
  return c.phase ? `${c.orgName}“${c.phase.title}”环节工作总结` : `${c.orgName}关于${c.campaignTitle}的工作总结`;
}

/** What comes next, after each phase of the template (a custom phase gets the general sentence). */
const nextSteps: Record<string, string> = {
  study_listen: '下一步，将把听取到的意见建议逐条梳理归类，转入查摆问题、开展批评环节，认真对照检查，开好专题民主生活会和组织生活会。',
  find_criticize: '下一步，将针对查摆出的问题和批评意见，逐项制定整改措施，明确责任人和完成时限，转入整改落实、建章立制环节，做到件件有着落、事事有回音。',
  rectify_institutionalize: '下一步，将持续抓好未完成事项的整改，对已完成事项组织群众评议、开展“回头看”，把行之有效的做法固化为制度，巩固和扩大教育实践活动成果。',
};

/** Each section drafted as sentences with the figures; a section with no data says so plainly. */
export function draftSections(c: DraftContext): SummarySection[] {
  const f = c.figures;
  const period = `${dateText(f.startDay)}至${dateText(f.endDay)}`;
  const meetingsTotal = sum(f.meetings);
  const opinionsTotal = sum(f.opinions);
  const problemsTotal = sum(f.problems);
  const r = f.rectification;
  // What the period amounts to, leaving out what did not happen.
  const done = [
    meetingsTotal ? `共召开各类会议${meetingsTotal}次` : '', opinionsTotal ? `收集意见建议${opinionsTotal}条` : '', problemsTotal ? `查摆问题${problemsTotal}个` : '',
  ].filter(Boolean);
  const bodies: Record<SummarySectionKey, string> = {
    overview: `${period}，${c.orgName}按照${c.campaignTitle}的部署，${c.phase ? `扎实开展“${c.phase.title}”环节各项工作` : '扎实开展党的群众路线教育实践活动'}`
      + `${done.length ? `，${done.join('，')}` : ''}。现将有关情况总结如下。`,
    meetings: meetingsTotal
      ? `共召开各类会议${meetingsTotal}次，其中${listOf(f.meetings, meetingKinds, '次')}。`
      : '本期间尚未记录已召开的会议。',
    study: f.study.sessions
      ? `组织集中学习${f.study.sessions}次，参学${f.study.attendances}人次，累计学习${hours(f.study.minutes + f.study.makeupMinutes)}小时`
        + `${f.study.makeupMinutes ? `（其中补学${hours(f.study.makeupMinutes)}小时）` : ''}`
        + `${f.study.averageHours !== null ? `，党员干部${f.study.members}人，人均学习${f.study.averageHours}小时` : ''}。`
      : '本期间尚未记录集中学习。',
    opinions: opinionsTotal
      ? `通过${f.opinions.map((o) => channels[o.key] ?? o.key).join('、')}等渠道共收集意见建议${opinionsTotal}条，其中${listOf(f.opinions, channels, '条')}。`
      : '本期间尚未收集到意见建议。',
    problems: problemsTotal
      ? `对照“四风”梳理查摆问题${problemsTotal}个，其中${listOf(f.problems, problemCategoryLabels, '个')}。`
      : '本期间尚未登记查摆出的问题。',
    rectification: r.items
      ? `截至目前，共制定整改事项${r.items}项，已完成${r.done + r.verified}项${r.verified ? `（其中已验收${r.verified}项）` : ''}，整改完成率${r.rectifiedShare}%`
        + `${r.progress !== null ? `，加权整改进度${r.progress}%` : ''}${r.overdue ? `；逾期未完成${r.overdue}项，正在督办` : ''}。`
        + `${r.verdicts ? `群众评议${r.verdicts}人次，满意和基本满意的占${r.satisfaction}%。` : '已完成事项尚未收到群众评议。'}`
      : '截至目前，尚未制定整改事项。',
    next: (c.phase && nextSteps[c.phase.key]) || '下一步，将针对群众反映的问题，持续抓好整改落实，建立健全长效机制，巩固和扩大教育实践活动成果。',
  };
  return (Object.keys(summarySectionTitles) as SummarySectionKey[]).map((key) => ({ key, title: summarySectionTitles[key], body: bodies[key] }));
}
