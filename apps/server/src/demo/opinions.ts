import { unwrap } from '../kernel/errors.js';
import type { Actor } from '../kernel/policy.js';
import type { Deps } from '../database.js';
import { recordOpinion, submitPublicOpinion } from '../modules/opinions/commands/record.js';
import { assignOpinion, handleOnSpot, publishOpinion, replyToOpinion } from '../modules/opinions/commands/triage.js';
import { createProblem } from '../modules/problems/commands/manage.js';
import { campaignDay } from '../kernel/clock.js';

type Channel = 'forum' | 'visit' | 'mailbox' | 'phone' | 'meeting' | 'letter';
type Category = 'formalism' | 'bureaucratism' | 'hedonism' | 'extravagance' | 'service' | 'livelihood' | 'other';

const heard: { org: string; channel: Channel; category: Category; content: string; place: string; daysAgo: number; named?: string }[] = [
  { org: 'hongqi', channel: 'forum', category: 'livelihood', content: '村里道路坑洼无人管，下雨天孩子上学不方便', place: '红旗村村部座谈会', daysAgo: 20 },
  { org: 'hongqi', channel: 'visit', category: 'service', content: '低保评定不公开，不知道谁评上了、为什么评上', place: '红旗村三组', daysAgo: 15, named: '张秀兰' },
  { org: 'qingshan', channel: 'forum', category: 'formalism', content: '会议太多，村干部整天开会填表，下村少', place: '青山村村部', daysAgo: 12 },
  { org: 'hewan', channel: 'phone', category: 'bureaucratism', content: '办个证明要跑镇上三趟，每次缺一样材料', place: '', daysAgo: 9, named: '刘建军' },
  { org: 'shiqiao', channel: 'mailbox', category: 'extravagance', content: '听说有干部用公车办私事，希望查一查', place: '镇政府意见箱', daysAgo: 6 },
  { org: 'taoyuan', channel: 'meeting', category: 'livelihood', content: '小区垃圾清运不及时，夏天气味大', place: '桃源社区居民代表会', daysAgo: 4 },
  { org: 'agency', channel: 'letter', category: 'service', content: '便民服务大厅中午没人值班，上班族办事难', place: '', daysAgo: 2 },
];

/**
 * The opinions of a living campaign: heard at forums, on visits, by phone and in the mailbox, and
 * sent by residents themselves; some answered, one handled on the spot, one published, some overdue.
 */
export async function loadDemoOpinions(deps: Deps, orgs: Map<string, { id: string }>, office: Actor, secretary: { personId: string }) {
  const today = deps.clock.now();
  const dayAgo = (n: number) => campaignDay(new Date(today.getTime() - n * 86_400_000));
  const ids: string[] = [];
  for (const h of heard) {
    const { id } = unwrap(await recordOpinion(deps, office, {
      orgId: orgs.get(h.org)!.id, channel: h.channel, category: h.category, content: h.content, place: h.place, day: dayAgo(h.daysAgo),
      ...(h.named ? { sender: { name: h.named } } : {}),
    }));
    ids.push(id);
  }
  unwrap(await assignOpinion(deps, office, ids[0], { orgId: orgs.get('hongqi')!.id, personId: secretary.personId }));
  unwrap(await replyToOpinion(deps, office, ids[0], { body: '已列入今年村道硬化计划，本月底前完成红旗村三组至小学路段修补。', public: true }));
  unwrap(await publishOpinion(deps, office, ids[0], true));
  unwrap(await handleOnSpot(deps, office, ids[1], { handling: 'resolved_on_spot', note: '当场说明评定程序，已在村务公开栏张贴低保名单和评分。' }));
  unwrap(await handleOnSpot(deps, office, ids[3], { handling: 'answered_on_spot', note: '已告知所需材料清单，并开通村代办服务。' }));
  for (const [i, content] of ['希望公开村务账目，每季度贴一次', '自来水经常停，停水前能不能提前通知'].entries()) {
    unwrap(await submitPublicOpinion(deps, { orgId: orgs.get(i ? 'qingshan' : 'hongqi')!.id, category: 'livelihood', content, idempotencyKey: `demo-opinion-${String(i).padStart(8, '0')}` }));
  }

  // The problem registry: what the opinions pointed at, with the rule broken and who owns the fix.
  unwrap(await createProblem(deps, office, {
    title: '红旗村三组至小学路段坑洼，长期无人管护', description: '群众在座谈会上反映，雨天学生上学不便；村道管护责任未落实。', category: 'livelihood',
    ruleId: null, ownerOrgId: orgs.get('hongqi')!.id, ownerPersonId: secretary.personId, severity: 'moderate', sources: [{ type: 'opinion', opinionId: ids[0] }],
  }));
  unwrap(await createProblem(deps, office, {
    title: '会议多、填表多，村干部下村时间少', description: '青山村反映村干部整天开会填表。', category: 'formalism', ruleId: 'seed-four-winds-formalism',
    ownerOrgId: orgs.get('qingshan')!.id, ownerPersonId: null, severity: 'moderate', sources: [{ type: 'opinion', opinionId: ids[2] }],
  }));
  unwrap(await createProblem(deps, office, {
    title: '群众反映有干部公车私用', description: '镇政府意见箱来信，需核实车辆使用记录。', category: 'extravagance', ruleId: 'seed-frugality',
    ownerOrgId: orgs.get('shiqiao')!.id, ownerPersonId: null, severity: 'serious', sources: [{ type: 'opinion', opinionId: ids[4] }, { type: 'inspector', note: '督导组抽查派车单，发现两次登记事由不清' }],
  }));
  unwrap(await createProblem(deps, office, {
    title: '便民服务大厅午间无人值班', description: '上班族只能中午办事，大厅午休关门。', category: 'service', ruleId: 'seed-four-winds-bureaucratism',
    ownerOrgId: orgs.get('agency')!.id, ownerPersonId: null, severity: 'minor', sources: [{ type: 'opinion', opinionId: ids[6] }],
  }));
}
