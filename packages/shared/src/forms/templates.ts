import { FormDefinition, type FormKind } from './definition.js';

/**
 * Built-in forms from the source document: the four questionnaires of 八塘镇's campaign
 * (self-inspection, mutual inspection, survey of grassroots cadres and residents, random field
 * visits), each asking about the four winds, service to the people and suggestions, and the
 * democratic-evaluation ballot.
 */
export interface FormTemplate {
  key: string;
  kind: FormKind;
  title: string;
  description: string;
  anonymous: boolean;
  distribution: 'open' | 'codes' | 'named';
  definition: FormDefinition;
}

const winds = [
  { value: 'formalism', label: '形式主义' },
  { value: 'bureaucratism', label: '官僚主义' },
  { value: 'hedonism', label: '享乐主义' },
  { value: 'extravagance', label: '奢靡之风' },
];
const degree = [{ value: 'none', label: '不存在' }, { value: 'slight', label: '有所表现' }, { value: 'serious', label: '比较突出' }];
const yesNo = [{ value: 'yes', label: '是' }, { value: 'no', label: '否' }];
const satisfaction = [
  { value: 'satisfied', label: '满意' }, { value: 'basically', label: '基本满意' }, { value: 'dissatisfied', label: '不满意' }, { value: 'unknown', label: '不了解' },
];

const fourWindsMatrix = (key: string, label: string) => ({ key, type: 'matrix' as const, label, required: true, rows: winds, scale: degree });
const suggestions = (required = false) => ({
  key: 'suggestions', title: '意见建议',
  questions: [
    { key: 'problems', type: 'text' as const, long: true, label: '您认为最需要解决的问题是什么？', required },
    { key: 'advice', type: 'text' as const, long: true, label: '对改进作风、服务群众的意见建议', required: false },
  ],
});

export const formTemplates: FormTemplate[] = [
  {
    key: 'self_check', kind: 'self_check', title: '党员干部自我查摆问题问卷', anonymous: false, distribution: 'named',
    description: '对照《党政机关厉行节约反对浪费条例》、政治纪律“八严禁”、生活作风“十二不准”，放下包袱、敞开胸怀，主动查找自身在“四风”方面的问题。',
    definition: FormDefinition.parse({ sections: [
      { key: 'winds', title: '“四风”方面', questions: [
        fourWindsMatrix('four_winds', '对照检查，您本人在下列方面的表现'),
        { key: 'winds_detail', type: 'text', long: true, label: '请具体写出存在的问题' },
      ] },
      { key: 'service', title: '服务群众', questions: [
        { key: 'service_self', type: 'rating', label: '您对自己服务群众情况的评价（1 最差，5 最好）', min: 1, max: 5, required: true },
        { key: 'service_gaps', type: 'text', long: true, label: '服务群众不到位的具体表现' },
      ] },
      { key: 'rectify', title: '整改承诺', questions: [{ key: 'measures', type: 'text', long: true, label: '准备采取的整改措施和完成时限', required: true }] },
    ] }),
  },
  {
    key: 'mutual_check', kind: 'mutual_check', title: '班子成员相互查摆问题问卷', anonymous: false, distribution: 'named',
    description: '顾全大局、就事论事、实事求是、满怀好意地帮助同志查找问题。',
    definition: FormDefinition.parse({ sections: [
      { key: 'winds', title: '“四风”方面', questions: [
        fourWindsMatrix('four_winds', '您认为该同志在下列方面的表现'),
        { key: 'winds_detail', type: 'text', long: true, label: '请具体指出存在的问题' },
      ] },
      { key: 'service', title: '服务群众', questions: [{ key: 'service', type: 'single', label: '该同志服务群众的情况', required: true, options: satisfaction }] },
      { key: 'help', title: '帮助建议', questions: [{ key: 'advice', type: 'text', long: true, label: '对该同志改进作风的建议' }] },
    ] }),
  },
  {
    key: 'resident_survey', kind: 'resident_survey', title: '基层干部群众问卷调查', anonymous: true, distribution: 'open',
    description: '本问卷不记名，请如实填写。您的意见将用于查找和整改干部作风方面的问题。',
    definition: FormDefinition.parse({ sections: [
      { key: 'about', title: '基本情况', questions: [
        { key: 'role', type: 'single', label: '您的身份', required: true, options: [{ value: 'resident', label: '群众' }, { value: 'party_member', label: '党员' }, { value: 'cadre', label: '村（社区）干部' }, { value: 'other', label: '其他' }] },
      ] },
      { key: 'winds', title: '“四风”问题', questions: [
        { key: 'winds_seen', type: 'single', label: '您是否感到干部存在“四风”问题？', required: true, options: yesNo },
        { key: 'which_winds', type: 'multiple', label: '主要表现在哪些方面？（可多选）', required: true, options: winds, minPicks: 1, showIf: { question: 'winds_seen', op: 'is', value: 'yes' } },
        { key: 'winds_detail', type: 'text', long: true, label: '请举例说明', showIf: { question: 'winds_seen', op: 'is', value: 'yes' } },
      ] },
      { key: 'service', title: '服务群众', questions: [
        { key: 'satisfaction', type: 'single', label: '您对干部服务群众的总体评价', required: true, options: satisfaction },
        { key: 'contact', type: 'single', label: '过去一年，干部是否到您家走访或听取过您的意见？', required: true, options: yesNo },
      ] },
      suggestions(),
    ] }),
  },
  {
    key: 'field_visit', kind: 'field_visit', title: '基层随机走访问卷', anonymous: true, distribution: 'named',
    description: '走访员入户随机走访，当面听取群众意见，记录走访结果。',
    definition: FormDefinition.parse({ sections: [
      { key: 'visit', title: '走访情况', questions: [
        { key: 'outcome', type: 'single', label: '走访结果', required: true, options: [{ value: 'completed', label: '已完成访谈' }, { value: 'not_home', label: '家中无人' }, { value: 'refused', label: '拒绝访谈' }] },
      ] },
      { key: 'interview', title: '访谈内容', showIf: { question: 'outcome', op: 'is', value: 'completed' }, questions: [
        { key: 'aware', type: 'single', label: '您是否知道正在开展党的群众路线教育实践活动？', required: true, options: yesNo },
        { key: 'which_winds', type: 'multiple', label: '您身边的干部存在哪些“四风”问题？（可多选，没有可不选）', options: winds },
        { key: 'service', type: 'single', label: '您对干部服务群众的评价', required: true, options: satisfaction },
        { key: 'needs', type: 'text', long: true, label: '您家或本村（社区）最急需解决的困难' },
        { key: 'advice', type: 'text', long: true, label: '对干部作风的意见建议' },
      ] },
    ] }),
  },
];

export const evaluationScales = {
  satisfaction,
  quality: [{ value: 'good', label: '好' }, { value: 'fairly_good', label: '较好' }, { value: 'average', label: '一般' }, { value: 'poor', label: '差' }],
} as const;
export type EvaluationScale = keyof typeof evaluationScales;

/**
 * The democratic-evaluation ballot (民主测评票): the leadership team as a whole and each chosen
 * cadre, every one rated on one scale (by default 满意 / 基本满意 / 不满意 / 不了解).
 */
export function evaluationBallot(teamName: string, cadres: string[], scale: EvaluationScale = 'satisfaction'): FormTemplate {
  return {
    key: 'evaluation', kind: 'evaluation', title: `${teamName}民主测评票`, anonymous: true, distribution: 'codes',
    description: '本测评票不记名，凭测评码投票，每码限投一次。请对领导班子和每位干部作出评价。',
    definition: FormDefinition.parse({ sections: [{
      key: 'ballot', title: '民主测评',
      questions: [
        { key: 'ratings', type: 'matrix', label: '请逐项评价', required: true, rows: [{ value: 'team', label: `${teamName}领导班子（整体）` }, ...cadres.map((name, i) => ({ value: `c${i + 1}`, label: name }))], scale: [...evaluationScales[scale]] },
        { key: 'advice', type: 'text', long: true, label: '对领导班子和干部的意见建议' },
      ],
    }] }),
  };
}
