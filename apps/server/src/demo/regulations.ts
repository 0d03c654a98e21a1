import { unwrap } from '../kernel/errors.js';
import type { Actor } from '../kernel/policy.js';
import type { Deps } from '../database.js';
import { createRegulation, setDocument } from '../modules/regulations/index.js';
import { minimalDocx } from './documents.js';
import { campaignDay } from '../kernel/clock.js';

/**
 * 建章立制 in the demo township: the agency's rota so the service hall is never closed at noon (made
 * because of that problem, with its document), a revised rule on meetings, and a village's rule on
 * its roads, made through the module's own commands so the audit log tells the same story.
 */
export async function loadDemoRegulations(deps: Deps, demo: { root: { id: string }; branches: Map<string, { id: string }> }, office: Actor) {
  const orgs = new Map([['root', demo.root], ...demo.branches]);
  // The demo problems these rules answer (made in opinions.ts), found by their titles.
  const problemId = async (title: string) => (await deps.db.selectFrom('problems').select('id').where('title', '=', title).executeTakeFirstOrThrow()).id;
  const problems = {
    desk: await problemId('便民服务大厅午间无人值班'),
    road: await problemId('红旗村三组至小学路段坑洼，长期无人管护'),
    meetings: await problemId('会议多、填表多，村干部下村时间少'),
  };
  const today = deps.clock.now();
  const dayAgo = (n: number) => campaignDay(new Date(today.getTime() - n * 86_400_000));

  const rota = unwrap(await createRegulation(deps, office, {
    title: '便民服务大厅午间轮流值班制度', orgId: orgs.get('agency')!.id, type: 'new', effectiveDay: dayAgo(1),
    summary: '工作日 12:00—14:00 由机关干部轮流在便民服务大厅值班，值班表每月公示；值班人员须在岗受理、登记群众事项，不得以午休为由拒办。',
    problemIds: [problems.desk],
  }));
  const doc = await minimalDocx('便民服务大厅午间轮流值班制度', [
    '第一条　为方便上班族和外出务工群众办事，落实便民服务大厅午间不断档，制定本制度。',
    '第二条　工作日 12:00 至 14:00，由镇机关干部按值班表轮流在便民服务大厅值班。',
    '第三条　值班表由党政办每月编排，在大厅门口和镇政府公众号公示，并注明值班人员姓名和联系电话。',
    '第四条　值班人员须在岗受理、登记群众事项；不能当场办理的，应告知办理时限并跟踪办结。',
    '第五条　值班情况纳入干部作风考核；无故缺岗的，按机关考勤制度处理。',
    '第六条　本制度自发布之日起施行。',
  ]);
  unwrap(await setDocument(deps, office, rota.id, '便民服务大厅午间轮流值班制度.docx', doc));

  unwrap(await createRegulation(deps, office, {
    title: '示范镇会议和发文精简办法（修订）', orgId: orgs.get('root')!.id, type: 'revised', effectiveDay: dayAgo(5),
    summary: '村级会议每月不超过两次，能合并的合并；上级报表统一由党政办归口，不得要求村干部重复填报。',
    problemIds: [problems.meetings],
  }));

  unwrap(await createRegulation(deps, office, {
    title: '红旗村村道管护责任制', orgId: orgs.get('hongqi')!.id, type: 'new', effectiveDay: dayAgo(-10),
    summary: '村道按组划段，每段明确一名管护责任人；每月巡查一次，坑洼七日内修补，修补情况在村务公开栏公示。',
    problemIds: [problems.road],
  }));
}
