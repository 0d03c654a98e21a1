import { MaterialSections, type MaterialSectionsInput } from '@massline/shared';
import type { Deps } from '../database.js';
import { unwrap } from '../kernel/errors.js';
import type { Actor } from '../kernel/policy.js';
import { approveMaterial, commentMaterial, createMaterial, returnMaterial, saveMaterial, submitMaterial } from '../modules/materials/index.js';
import { demoCampaignId } from './campaigns.js';

const intro = '按照镇党委的统一部署，我认真学习了规定篇目，通过座谈、走访、征求意见箱等方式广泛听取群众和同事的意见，对照党章和“四风”方面的表现，认真查摆了自身存在的问题，剖析了根源，明确了整改方向。';

/** 陈志强 (副镇长, 镇机关支部): his first draft, returned by the office, and the revision he is writing. */
const cadreV1: MaterialSectionsInput = {
  intro,
  problems: {
    formalism: [
      { key: 'f1', text: '学习不够深入，满足于读原文、记笔记，联系分管工作思考不够。' },
      { key: 'f2', text: '会议多、文件多，有的会议只传达不部署，分管线上的报表存在重复填报。' },
    ],
    bureaucratism: [{ key: 'b1', text: '深入基层不够，到村里调研多是听汇报、看材料，直接面对群众少。' }],
    hedonism: [],
    extravagance: [],
  },
  causes: [{ key: 'c1', heading: '思想根源', text: '理想信念有所放松，认为自己在基层工作多年，对群众情况熟悉，放松了学习和改造。' }],
  measures: [{ key: 'm1', heading: '', text: '每月到联系村驻村不少于 5 天，带着问题调研，做到群众反映的问题有登记、有答复。' }],
};
const cadreV2: MaterialSectionsInput = {
  ...cadreV1,
  problems: {
    ...cadreV1.problems,
    bureaucratism: [
      { key: 'b1', text: '深入基层不够，到村里调研多是听汇报、看材料，直接面对群众少，一年中住村不足 10 天。' },
      { key: 'b2', text: '便民服务大厅中午无人值班，群众反映后没有及时研究解决，直到督导组指出才整改。' },
    ],
  },
  causes: [
    { key: 'c1', heading: '思想根源', text: '理想信念有所放松，认为自己在基层工作多年，对群众情况熟悉，放松了学习和改造。' },
    { key: 'c2', heading: '宗旨意识', text: '宗旨意识有所淡化，对群众的急难愁盼感受不深，习惯于按部就班，把方便留给自己。' },
  ],
  measures: [
    { key: 'm1', heading: '', text: '每月到联系村驻村不少于 5 天，带着问题调研，做到群众反映的问题有登记、有答复。' },
    { key: 'm2', heading: '', text: '分管领域的会议和报表逐项清理，能合并的合并，能取消的取消，3 个月内报表减少三分之一。' },
  ],
};

/** 王德明 (红旗村党支部书记): approved, owning up to the road problem assigned to him. */
const secretarySections = (roadProblemId: string): MaterialSectionsInput => ({
  intro: '这次教育实践活动中，我带领支部党员逐组走访，面对面、背靠背听取群众意见，对照检查了自己在“四风”方面的问题。',
  problems: {
    formalism: [{ key: 'f1', text: '村务公开流于形式，账目公示不及时，群众看不懂、问不清。' }],
    bureaucratism: [{ key: 'b1', text: '三组到小学的路段坑洼多年，群众多次反映，我以“资金紧张”为由一拖再拖。', problemIds: [roadProblemId] }],
    hedonism: [{ key: 'h1', text: '工作中有“歇歇脚”的想法，周末群众找不到村干部。' }],
    extravagance: [],
  },
  causes: [{ key: 'c1', heading: '宗旨意识', text: '对群众的小事不够上心，把群众的难事当成村里的“老问题”，没有放在心上。' }],
  measures: [
    { key: 'm1', heading: '', text: '两个月内修好三组至小学路段，设立村道管护员，每月巡查一次。' },
    { key: 'm2', heading: '', text: '村务账目每季度在公开栏公示，请群众代表参加审核。' },
  ],
});

/**
 * Materials of the demo campaign in each state: the secretary's approved, the cadre's returned
 * and being revised (two versions to compare), and the office director's draft. Made with the
 * module's own commands in the campaign's second phase, which opens materials.
 */
export async function loadDemoMaterials(deps: Deps, actorOf: (username: string) => Actor) {
  const text = (s: MaterialSectionsInput) => ({ sections: MaterialSections.parse(s) });
  const campaignId = await demoCampaignId(deps.db);
  const office = actorOf('office');
  const road = await deps.db.selectFrom('problems').select('id').where('title', '=', '红旗村三组至小学路段坑洼，长期无人管护').executeTakeFirstOrThrow();

  const secretary = actorOf('secretary');
  const approved = unwrap(await createMaterial(deps, secretary, { campaignId }));
  unwrap(await saveMaterial(deps, secretary, approved.id, text(secretarySections(road.id))));
  unwrap(await submitMaterial(deps, secretary, approved.id, { comment: '' }));
  unwrap(await commentMaterial(deps, actorOf('inspector'), approved.id, { comment: '问题查摆具体，整改措施有时限，群众看得见。' }));
  unwrap(await approveMaterial(deps, office, approved.id, { comment: '同意。' }));

  const cadre = actorOf('cadre');
  const returned = unwrap(await createMaterial(deps, cadre, { campaignId }));
  unwrap(await saveMaterial(deps, cadre, returned.id, text(cadreV1)));
  unwrap(await submitMaterial(deps, cadre, returned.id, { comment: '请审阅。' }));
  unwrap(await returnMaterial(deps, office, returned.id, { comment: '对便民服务大厅午间无人值班的问题没有查摆；原因剖析只谈了思想根源，请补充宗旨意识方面。' }));
  unwrap(await saveMaterial(deps, cadre, returned.id, text(cadreV2)));

  const draft = unwrap(await createMaterial(deps, office, { campaignId }));
  unwrap(await saveMaterial(deps, office, draft.id, text({ intro, problems: { formalism: [{ key: 'f1', text: '组织活动注重台账资料，对各支部的指导多是发通知、要材料。' }] } })));
}
