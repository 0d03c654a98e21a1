import type { Deps } from '../database.js';
import { unwrap } from '../kernel/errors.js';
import type { Actor } from '../kernel/policy.js';
import { addReading, createNote, reviewNote, setReadingFile } from '../modules/study/index.js';
import { demoCampaignId } from './campaigns.js';
import { minimalDocx } from './documents.js';

/** The required reading of the source (必学书籍), as the township's office would list it. */
const readings: { title: string; kind: 'book' | 'article' | 'speech' | 'document' | 'video'; note?: string; url?: string }[] = [
  { title: '中国共产党章程', kind: 'book', note: '党的十八大部分修改，2012 年 11 月 14 日通过' },
  { title: '党的十八大报告', kind: 'document', note: '坚定不移沿着中国特色社会主义道路前进　为全面建成小康社会而奋斗' },
  { title: '中共中央关于全面深化改革若干重大问题的决定', kind: 'document', note: '党的十八届三中全会通过' },
  { title: '论群众路线——重要论述摘编', kind: 'book', note: '中央文献出版社、党建读物出版社，2013 年', url: 'https://www.12371.cn/' },
  { title: '党的群众路线教育实践活动学习文件选编', kind: 'book', note: '党建读物出版社，2013 年' },
  { title: '厉行节约、反对浪费——重要论述摘编', kind: 'book', note: '中央文献出版社，2013 年' },
  { title: '为民务实清廉——重要论述摘编', kind: 'book' },
  { title: '在党的群众路线教育实践活动工作会议上的讲话', kind: 'speech', note: '2013 年 6 月 18 日' },
  { title: '党政机关厉行节约反对浪费条例', kind: 'document', note: '对照检查时逐条学习' },
];

const notes = {
  massLine: {
    title: '学习《论群众路线——重要论述摘编》的体会',
    body: [
      '通过集中学习《论群众路线——重要论述摘编》，我对“群众路线是党的生命线和根本工作路线”有了更深的认识。一切为了群众，一切依靠群众，从群众中来，到群众中去，这不是一句口号，而是检验我们每一项工作的尺子。',
      '对照这把尺子，我分管的便民服务工作还有不少差距：有的事项要群众跑好几趟，材料清单没有一次讲清楚；午间休息时大厅没有人值班，外出务工的群众只能请假来办事。这些问题看起来是小事，反映的却是把方便留给自己、把麻烦推给群众的作风问题。',
      '下一步，我要带头到村组、到田间地头听意见，把群众反映的问题列成清单，能马上改的马上改，一时改不了的讲清楚原因和时限，定期向群众公开进展，让群众来评判整改的成效。学习不是一阵子的事，我要把读书学习和解决实际问题结合起来，做到学有所思、学有所得、学有所用。',
    ].join('\n'),
  },
  village: {
    title: '把群众的小事当成村里的大事',
    body: [
      '这次集中学习，我们红旗村党支部先后学习了党章、十八大报告和《厉行节约、反对浪费——重要论述摘编》，还组织党员到各组走访，面对面、背靠背地听取群众意见。',
      '群众反映最多的是三组到小学的那段路坑洼不平，下雨天孩子上学要绕远路；还有村务账目公开不及时，大家心里有疑问。这些事在村干部看来是“老问题”，在群众眼里却是天天碰到的难事。学习让我认识到，对群众的事拖着不办，本身就是脱离群众的表现。',
      '我们支部决定：道路修补列入本月整改清单，由我牵头，明确责任人和完成时限；村务账目每季度在公开栏公示，请群众代表参加审核。作为支部书记，我要把群众的小事当成村里的大事，办一件、公开一件，接受大家监督。同时，我们每月召开一次支部党员大会，通报群众意见的办理情况，请没有参加会议的党员补学，确保人人学到位。',
    ].join('\n'),
  },
  fourWinds: {
    title: '对照“四风”查摆自身问题的几点认识',
    body: [
      '按照活动安排，我对照形式主义、官僚主义、享乐主义和奢靡之风，认真学习了《党政机关厉行节约反对浪费条例》，逐条对照检查自己的思想和工作。',
      '在形式主义方面，有时满足于开会发文，会议多、材料多，深入一线调查研究少；在官僚主义方面，听取群众意见的渠道不够畅通，有的意见转来转去没有回音。享乐主义和奢靡之风方面，虽然没有违反规定的情况，但艰苦奋斗的意识有所淡化，对公务接待的标准把关不够严。',
      '我将以这次活动为契机，在今后的工作中坚持问题导向，少开会、开短会，多到群众中去，把查摆出的问题一项项落到整改上。具体来说，一是每月至少两天到联系村蹲点，面对面听取群众意见；二是对群众反映的问题建立台账，逐项明确责任人和办结时限；三是严格执行公务接待和会议管理规定，带头勤俭节约，以实际行动取信于民。',
    ].join('\n'),
  },
};

/**
 * 学习教育 in the demo township's campaign: the reading list the source names (one with its text as
 * a Word file), a cadre's note approved by the office, another returned with a comment, and a
 * village secretary's note waiting for review. Made through the study module's own commands, so
 * the audit log tells the same story. The study sessions themselves are meetings (the meetings seed).
 */
export async function loadDemoStudy(deps: Deps, actorOf: (username: string) => Actor) {
  const campaignId = await demoCampaignId(deps.db);
  const office = actorOf('office');
  const ids: string[] = [];
  for (const r of readings) {
    ids.push(unwrap(await addReading(deps, office, { campaignId, title: r.title, kind: r.kind, url: r.url ?? null, note: r.note ?? '' })).id);
  }
  const rule = await minimalDocx('党政机关厉行节约反对浪费条例（学习要点）', [
    '一、制定目的：推进党政机关厉行节约反对浪费，建设节约型机关，树立党政机关良好形象。',
    '二、经费管理：严格预算约束，从严控制一般性支出，不得超预算或者无预算安排支出。',
    '三、公务接待：严格接待标准，不得超标准接待，不得组织旅游和与公务无关的娱乐活动。',
    '四、会议活动：精简会议，控制会议规模和会期，能合并的合并，提倡开短会、讲短话。',
    '五、监督检查：厉行节约反对浪费情况纳入党风廉政建设责任制检查考核的内容。',
    '（学习用要点，以正式文件为准）',
  ]);
  unwrap(await setReadingFile(deps, office, ids.at(-1)!, '党政机关厉行节约反对浪费条例（学习要点）.docx', rule));

  const cadre = actorOf('cadre');
  const secretary = actorOf('secretary');
  const orgOf = (a: Actor) => a.grants[0].orgId!;
  const approved = unwrap(await createNote(deps, cadre, { campaignId, orgId: orgOf(cadre), ...notes.massLine }));
  unwrap(await reviewNote(deps, office, approved.id, { decision: 'approve', comment: '联系分管工作实际，问题找得准，措施具体。' }));
  const returned = unwrap(await createNote(deps, cadre, { campaignId, orgId: orgOf(cadre), ...notes.fourWinds }));
  unwrap(await reviewNote(deps, office, returned.id, { decision: 'return', comment: '请结合分管的便民服务工作，写出具体问题、原因和整改打算。' }));
  unwrap(await createNote(deps, secretary, { campaignId, orgId: orgOf(secretary), ...notes.village }));
}
