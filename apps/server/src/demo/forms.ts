import { evaluationBallot, formTemplates, questionsInOrder, validateAnswers, visibleQuestions, type Answers, type FormDefinition, type Question } from '@massline/shared';
import { unwrap } from '../kernel/errors.js';
import type { Role } from '@massline/shared';
import type { Actor } from '../kernel/policy.js';
import type { Deps } from '../database.js';
import { answerAssignment } from '../modules/forms/commands/answer.js';
import { createAssignments } from '../modules/forms/commands/assign.js';
import { generateCodes } from '../modules/forms/commands/codes.js';
import { createForm, setFormStatus } from '../modules/forms/commands/manage.js';
import { submitResponse } from '../modules/forms/commands/submit.js';
import { loadDemoCampaign } from './campaigns.js';
import { loadDemoMaterials } from './materials.js';
import { loadDemoOpinions } from './opinions.js';
import { loadDemoRectification } from './rectification.js';
import { loadDemoRegulations } from './regulations.js';
import { loadDemoStudy } from './study.js';
import { campaignDay } from '../kernel/clock.js';

const texts = [
  '村里道路坑洼无人管，希望尽快修好', '办事要跑好几趟，希望一次讲清楚', '会议太多，干部下村时间少', '低保评定要公开透明',
  '希望干部多到田间地头听意见', '垃圾清运不及时', '便民服务大厅中午没人', '希望公开村务账目',
];

/** A plausible answer to every visible question, front to back, from a seeded random source. */
function answersFor(def: FormDefinition, random: () => number): Answers {
  const answers: Answers = {};
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
  const answer = (q: Question) => {
    switch (q.type) {
      case 'single': return pick(q.options).value;
      case 'multiple': {
        const n = Math.max(q.minPicks ?? 1, Math.min(q.maxPicks ?? 2, 1 + Math.floor(random() * 2)));
        return [...q.options].sort(() => random() - 0.5).slice(0, n).map((o) => o.value);
      }
      // Ratings lean towards the upper half, as they do.
      case 'rating': return Math.min(q.max, q.min + Math.floor(random() * (q.max - q.min + 1) * 0.6 + (q.max - q.min) * 0.4));
      case 'matrix': return Object.fromEntries(q.rows.map((r) => [r.value, q.scale[Math.min(q.scale.length - 1, Math.floor(random() * random() * q.scale.length))].value]));
      case 'text': return random() < 0.6 || q.required ? pick(texts) : undefined;
      case 'number': return Math.max(q.min ?? 0, Math.min(q.max ?? 4, Math.floor(random() * 5)));
      case 'date': return q.required ? campaignDay(new Date()) : undefined;
      case 'note': return undefined;
    }
  };
  for (const { question } of questionsInOrder(def)) {
    if (!visibleQuestions(def, answers).has(question.key)) continue;
    const value = answer(question);
    if (value !== undefined) answers[question.key] = value;
  }
  return answers;
}

interface DemoOrgs { root: { id: string; path: string }; branches: Map<string, { id: string; path: string }> }

/**
 * The forms of a living campaign: a residents' survey answered from every village, a democratic
 * evaluation ballot half cast with printed codes, self-inspection assigned to the township
 * agency's cadres, field visits under way in 红旗村, and a draft still being written. Made through
 * the forms module's own commands, so the audit log tells the same story.
 */
export async function loadDemoForms(deps: Deps, orgs: DemoOrgs, accounts: Map<string, { accountId: string; personId: string; name: string; role: Role; orgId: string | null; orgPath: string | null }>, random: () => number) {
  const actorOf = (username: string): Actor => {
    const a = accounts.get(username)!;
    return { accountId: a.accountId, personId: a.personId, username, name: a.name, sessionId: 'demo', mustChangePassword: false, grants: [{ role: a.role, orgId: a.orgId, orgPath: a.orgPath }] };
  };
  const office = actorOf('office');
  const template = (key: string) => formTemplates.find((t) => t.key === key)!;
  const create = async (t: { kind: string; title: string; description: string; anonymous: boolean; distribution: string; definition: FormDefinition }, extra: { collectLocation?: boolean } = {}) =>
    unwrap(await createForm(deps, office, { orgId: orgs.root.id, kind: t.kind as never, title: t.title, description: t.description, anonymous: t.anonymous, distribution: t.distribution as never, collectLocation: extra.collectLocation ?? false, definition: t.definition })).id;
  let key = 0;
  const nextKey = () => `demo-${String(++key).padStart(12, '0')}`;

  // The residents' survey, posted in every village and community.
  const survey = template('resident_survey');
  const surveyId = await create(survey);
  unwrap(await setFormStatus(deps, office, surveyId, 'open'));
  const places = [...orgs.branches.values()];
  // Residents answer together, as at a meeting: the ballot box takes them in shuffled batches.
  // The demo waits for no more submissions than it sends (no ballot-box window).
  const box = { ...deps, config: { ...deps.config, ballotWindowMs: 1 } };
  const surveyAnswers = Array.from({ length: 64 }, () => answersFor(survey.definition, random)).filter((a) => validateAnswers(survey.definition, a).ok);
  await Promise.all(surveyAnswers.map(async (answers, i) => unwrap(await submitResponse(box, surveyId, { answers, idempotencyKey: nextKey(), orgId: places[i % places.length].id }))));

  // The democratic evaluation of the township's leadership: 40 codes, 27 ballots cast so far.
  const ballot = evaluationBallot('示范镇党委', ['李秀英', '陈志强', '刘红梅', '周建国']);
  const ballotId = await create(ballot);
  unwrap(await setFormStatus(deps, office, ballotId, 'open'));
  const { codes } = unwrap(await generateCodes(deps, office, ballotId, { orgId: orgs.root.id, count: 40 }));
  const cast = codes.slice(0, 27).map((code) => ({ code, answers: answersFor(ballot.definition, random) }));
  await Promise.all(cast.map(async ({ code, answers }) => unwrap(await submitResponse(box, ballotId, { answers, code, idempotencyKey: nextKey() }))));

  // Self-inspection by the township agency's cadres; the demo cadre's is still to do.
  const selfCheck = template('self_check');
  const selfId = await create(selfCheck);
  unwrap(await setFormStatus(deps, office, selfId, 'open'));
  unwrap(await createAssignments(deps, office, selfId, { mode: 'self', orgId: orgs.branches.get('agency')!.id }));

  // Field visits in 红旗村 by the demo surveyor, two households visited already.
  const visit = template('field_visit');
  const visitId = await create(visit, { collectLocation: true });
  unwrap(await setFormStatus(deps, office, visitId, 'open'));
  const surveyor = accounts.get('surveyor')!;
  unwrap(await createAssignments(deps, office, visitId, { mode: 'visits', orgId: orgs.branches.get('hongqi')!.id, personIds: [surveyor.personId] }));
  const task = await deps.db.selectFrom('form_assignments').select('id').where('form_id', '=', visitId).executeTakeFirstOrThrow();
  const visitAnswers = answersFor(visit.definition, random);
  if (validateAnswers(visit.definition, visitAnswers).ok) {
    unwrap(await answerAssignment(box, actorOf('surveyor'), task.id, { answers: visitAnswers, idempotencyKey: nextKey(), visit: { outcome: 'completed' } }));
  }
  unwrap(await answerAssignment(box, actorOf('surveyor'), task.id, { answers: {}, idempotencyKey: nextKey(), visit: { outcome: 'not_home' } }));

  // Mutual inspection, still a draft the office is preparing.
  await create(template('mutual_check'));

  // The campaign first: its phase of today (the second) opens rectification for the seeds after it.
  await loadDemoCampaign(deps, orgs.root, office);
  await loadDemoOpinions(deps, orgs.branches, office, accounts.get('secretary')!);
  await loadDemoRectification(deps, orgs.branches, actorOf);
  await loadDemoRegulations(deps, orgs, office);
  await loadDemoStudy(deps, actorOf);
  await loadDemoMaterials(deps, actorOf);
}
