import { unwrap } from '../kernel/errors.js';
import type { Actor } from '../kernel/policy.js';
import type { Deps } from '../database.js';
import { createRectification } from '../modules/rectification/commands/items.js';
import { addProgress, moveStatus, publishItem } from '../modules/rectification/commands/moves.js';
import { decidePlan, publishPlan, submitPlan } from '../modules/rectification/commands/plans.js';
import { dayFromNow } from '../kernel/clock.js';

/**
 * Rectification under way: 红旗村's road being fixed to a published list, the service hall's
 * lunchtime desk fixed on the spot and verified, two items just planned. Made with the module's
 * own commands, so histories, counters and the audit log tell the same story.
 */
export async function loadDemoRectification(deps: Deps, orgs: Map<string, { id: string }>, actorOf: (username: string) => Actor) {
  const office = actorOf('office');
  const secretary = actorOf('secretary');
  const day = (n: number) => dayFromNow(deps, n);
  const problem = async (title: string) => (await deps.db.selectFrom('problems').select('id').where('title', '=', title).executeTakeFirstOrThrow()).id;

  const road = unwrap(await createRectification(deps, office, {
    problemIds: [await problem('红旗村三组至小学路段坑洼，长期无人管护')], title: '硬化红旗村三组至小学路段', weight: 3,
    measures: '筹集资金 24 万元，硬化三组至小学路段 800 米；设立村道管护员，每月巡查一次。', commitment: '两个月内修好三组到小学的路，雨天孩子上学不再踩泥。',
    ownerOrgId: orgs.get('hongqi')!.id, ownerPersonId: secretary.personId, deadline: day(60),
    milestones: [{ title: '筹集资金', dueDay: day(10), weight: 30 }, { title: '路面硬化', dueDay: day(40), weight: 50 }, { title: '验收通车', dueDay: day(55), weight: 20 }],
  }));
  const [first] = await deps.db.selectFrom('rectification_milestones').select('id').where('rectification_id', '=', road.id).orderBy('seq').execute();
  unwrap(await addProgress(deps, secretary, road.id, { body: '镇财政和村集体共筹集资金 24 万元，已确定施工队。', milestoneIds: [first.id], public: true }));
  unwrap(await submitPlan(deps, office, orgs.get('hongqi')!.id));
  unwrap(await decidePlan(deps, office, orgs.get('hongqi')!.id, { decision: 'approve' }));
  unwrap(await publishPlan(deps, office, orgs.get('hongqi')!.id, true));

  const desk = unwrap(await createRectification(deps, office, {
    problemIds: [await problem('便民服务大厅午间无人值班')], title: '便民服务大厅午间轮流值班', weight: 1, milestones: [],
    measures: '工作日 12:00—14:00 由两名工作人员轮流值班，值班表在大厅门口公示。', commitment: '中午也能来大厅办事。',
    ownerOrgId: orgs.get('agency')!.id, ownerPersonId: null, onTheSpot: { note: '当周即排出午间值班表并张贴在大厅门口。' },
  }));
  unwrap(await moveStatus(deps, actorOf('inspector'), desk.id, { status: 'verified', reason: '督导组两次中午暗访，大厅均有人值班。' }));
  unwrap(await publishItem(deps, office, desk.id, true));

  unwrap(await createRectification(deps, office, {
    problemIds: [await problem('会议多、填表多，村干部下村时间少')], title: '精简会议和报表', weight: 2, milestones: [],
    measures: '合并同类会议，每月村级会议不超过 4 次；清理报表，取消重复填报。', commitment: '村干部每周至少三天在村里办事。',
    ownerOrgId: orgs.get('qingshan')!.id, ownerPersonId: null, deadline: day(30),
  }));
  unwrap(await createRectification(deps, office, {
    problemIds: [await problem('群众反映有干部公车私用')], title: '核查公车使用并建立派车登记制度', weight: 2, milestones: [],
    measures: '核查近半年派车单；公车统一停放、一车一档，派车事由逐次登记公示。', commitment: '公车只办公事，派车情况每月公示。',
    ownerOrgId: orgs.get('shiqiao')!.id, ownerPersonId: null, deadline: day(20),
  }));
}
