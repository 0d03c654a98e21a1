import type { OrgKind, Role } from '@massline/shared';
import { appendAudit, systemActor } from '../kernel/audit.js';
import { newId } from '../kernel/ids.js';
import { hashPassword } from '../kernel/passwords.js';
import type { Database, Deps } from '../database.js';
import { loadDemoForms } from './forms.js';

/** The password of every demo account; printed at start-up so a newcomer can sign in. */
export const DEMO_PASSWORD = 'demo1234';

interface DemoOrg { key: string; name: string; kind: OrgKind; people: number }

const branches: DemoOrg[] = [
  { key: 'agency', name: '镇机关支部', kind: 'agency', people: 30 },
  { key: 'hongqi', name: '红旗村党支部', kind: 'village', people: 25 },
  { key: 'qingshan', name: '青山村党支部', kind: 'village', people: 25 },
  { key: 'hewan', name: '河湾村党支部', kind: 'village', people: 25 },
  { key: 'shiqiao', name: '石桥村党支部', kind: 'village', people: 25 },
  { key: 'taoyuan', name: '桃源社区党支部', kind: 'community', people: 20 },
  { key: 'xinhua', name: '新华社区党支部', kind: 'community', people: 20 },
  { key: 'school', name: '示范镇中心小学党支部', kind: 'school', people: 12 },
  { key: 'lvyuan', name: '绿源农业公司党支部', kind: 'enterprise', people: 10 },
];

export const demoAccounts: { username: string; name: string; role: Role; org: string; position: string; label: string }[] = [
  { username: 'admin', name: '周建国', role: 'admin', org: 'root', position: '系统管理员', label: '系统管理员' },
  { username: 'office', name: '李秀英', role: 'office', org: 'root', position: '党政办主任', label: '领导小组办公室（示范镇党委）' },
  { username: 'secretary', name: '王德明', role: 'secretary', org: 'hongqi', position: '村党支部书记', label: '党组织书记（红旗村党支部）' },
  { username: 'cadre', name: '陈志强', role: 'cadre', org: 'agency', position: '副镇长', label: '党员干部（镇机关支部）' },
  { username: 'inspector', name: '刘红梅', role: 'inspector', org: 'root', position: '督导组组长', label: '督导组（示范镇党委）' },
  { username: 'surveyor', name: '赵小军', role: 'surveyor', org: 'hongqi', position: '走访员', label: '走访员（红旗村党支部）' },
];

const surnames = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛';
const givenChars = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国文辉力东林峰云春海鹏飞亮波宁琴燕凤志德成福贵荣翠';
const positions = ['党员', '党员', '村民代表', '村民小组长', '妇女主任', '治保主任', '会计', '文书', '网格员', '支部委员'];

/** Deterministic pseudo-random numbers: the same demo township on every machine. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Load 示范镇: a township committee, nine branches, about 200 people and an account for each role. */
export async function loadDemoTownship(deps: Deps): Promise<{ people: number; orgs: number }> {
  const { db, clock } = deps;
  const now = clock.now().toISOString();
  const hash = await hashPassword(DEMO_PASSWORD);
  const random = rng(2014);
  const pick = <T>(xs: ArrayLike<T>) => xs[Math.floor(random() * xs.length)];

  const accounts = new Map<string, { accountId: string; personId: string; name: string; role: Role; orgId: string | null; orgPath: string | null }>();
  let demoOrgs!: { root: { id: string; path: string }; branches: Map<string, { id: string; path: string }> };
  const loaded = await db.transaction().execute(async (trx) => {
    const rootId = newId();
    const rootPath = `/${rootId}/`;
    const orgs = new Map<string, { id: string; path: string }>([['root', { id: rootId, path: rootPath }]]);
    const orgRows: Database['orgs'][] = [{ id: rootId, parent_id: null, path: rootPath, name: '示范镇党委', kind: 'committee', sort_order: 0, archived_at: null, created_at: now, updated_at: now }];
    branches.forEach((b, i) => {
      const id = newId();
      orgs.set(b.key, { id, path: `${rootPath}${id}/` });
      orgRows.push({ id, parent_id: rootId, path: `${rootPath}${id}/`, name: b.name, kind: b.kind, sort_order: i + 1, archived_at: null, created_at: now, updated_at: now });
    });
    await trx.insertInto('orgs').values(orgRows).execute();

    const people: { id: string; name: string; gender: string; phone: string; position: string; party_member: number; archived_at: null; created_at: string; updated_at: string }[] = [];
    const memberships: { person_id: string; org_id: string; created_at: string }[] = [];
    const addPerson = (org: string, name: string, position: string, party: boolean) => {
      const id = newId();
      const n = people.length + 1;
      people.push({ id, name, gender: random() < 0.55 ? 'male' : 'female', phone: `1390000${String(n).padStart(4, '0')}`, position, party_member: party ? 1 : 0, archived_at: null, created_at: now, updated_at: now });
      memberships.push({ person_id: id, org_id: orgs.get(org)!.id, created_at: now });
      return id;
    };
    const accountPeople = new Map(demoAccounts.map((a) => [a.username, addPerson(a.org, a.name, a.position, true)]));
    for (let i = 0; i < 8; i++) addPerson('root', pick(surnames) + pick(givenChars) + pick(givenChars), i < 3 ? '党委委员' : '党员', true);
    for (const b of branches) {
      for (let i = 0; i < b.people; i++) {
        const name = pick(surnames) + pick(givenChars) + (random() < 0.7 ? pick(givenChars) : '');
        addPerson(b.key, name, i === 0 ? '支部书记' : pick(positions), i < 3 || random() < 0.5);
      }
    }
    for (let i = 0; i < people.length; i += 300) await trx.insertInto('people').values(people.slice(i, i + 300)).execute();
    for (let i = 0; i < memberships.length; i += 300) await trx.insertInto('memberships').values(memberships.slice(i, i + 300)).execute();

    for (const a of demoAccounts) {
      const personId = accountPeople.get(a.username)!;
      const accountId = newId();
      const org = a.role === 'admin' ? null : orgs.get(a.org)!;
      accounts.set(a.username, { accountId, personId, name: a.name, role: a.role, orgId: org?.id ?? null, orgPath: org?.path ?? null });
      await trx.insertInto('accounts').values({
        id: accountId, person_id: personId, username: a.username, password_hash: hash, must_change_password: 0, failed_logins: 0,
        locked_until: null, disabled_at: null, last_login_at: null, created_at: now, updated_at: now,
      }).execute();
      await trx.insertInto('grants').values({
        id: newId(), person_id: personId, role: a.role, org_id: a.role === 'admin' ? null : orgs.get(a.org)!.id, created_at: now, created_by: null,
      }).execute();
    }
    await appendAudit(trx, deps.dialect, clock.now(), systemActor, {
      action: 'demo.load', entityType: 'org', entityId: rootId, orgPath: rootPath,
      summary: `载入演示数据“示范镇”：${orgRows.length} 个组织，${people.length} 人，${demoAccounts.length} 个演示账号`,
    });
    demoOrgs = { root: orgs.get('root')!, branches: new Map([...orgs].filter(([k]) => k !== 'root')) };
    return { people: people.length, orgs: orgRows.length };
  });
  await loadDemoForms(deps, demoOrgs, accounts, random);
  return loaded;
}
