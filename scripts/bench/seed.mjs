// Seeds the benchmark database with the server's own code (built dist): tops the demo township up
// to `target` people, spread over the demo's organisations, each with one membership.
// Imported by run.mjs after the build, so the dist it loads is current.
import { pathToFileURL } from 'node:url';
import path from 'node:path';

const surnames = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛';
const givenChars = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国文辉力东林峰云春海鹏飞亮波宁琴燕凤志德成福贵荣翠';
const positions = ['党员', '群众', '村民代表', '村民小组长', '网格员', '志愿者'];

/** Deterministic pseudo-random numbers, so every run seeds the same names. */
function rng(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Open the database named by `env` (DATA_DIR or DATABASE_URL) exactly as the server does, and add
 * people until there are `target`. Returns { before, added, total, orgs }.
 */
export async function seedPeople(root, env, target) {
  const dist = (p) => pathToFileURL(path.join(root, 'apps/server/dist/src', p)).href;
  const { openDeps } = await import(dist('bootstrap.js'));
  const { loadConfig } = await import(dist('kernel/config.js'));
  const { newId } = await import(dist('kernel/ids.js'));

  const deps = await openDeps(loadConfig(env));
  try {
    const { db } = deps;
    const orgs = await db.selectFrom('orgs').select(['id']).where('archived_at', 'is', null).orderBy('path').execute();
    if (orgs.length === 0) throw new Error('seed: no organisations (load the demo first)');
    const { n: before } = await db.selectFrom('people').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    const missing = Math.max(0, target - Number(before));
    const random = rng(10_000);
    const pick = (xs) => xs[Math.floor(random() * xs.length)];
    const now = new Date().toISOString();
    const people = [];
    const memberships = [];
    for (let i = 0; i < missing; i++) {
      const id = newId();
      people.push({
        id,
        name: pick(surnames) + pick(givenChars) + (random() < 0.7 ? pick(givenChars) : ''),
        gender: random() < 0.5 ? 'male' : 'female',
        phone: `138${String(10_000_000 + i).padStart(8, '0')}`,
        position: pick(positions),
        party_member: random() < 0.4 ? 1 : 0,
        archived_at: null,
        created_at: now,
        updated_at: now,
      });
      memberships.push({ person_id: id, org_id: orgs[i % orgs.length].id, created_at: now });
    }
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < people.length; i += 500) await trx.insertInto('people').values(people.slice(i, i + 500)).execute();
      for (let i = 0; i < memberships.length; i += 500) await trx.insertInto('memberships').values(memberships.slice(i, i + 500)).execute();
    });
    if (deps.dialect === 'postgres') {
      // Fresh statistics and visibility map, as autovacuum would leave a database in use.
      const { sql } = await import('kysely');
      await sql`vacuum analyze`.execute(db);
    }
    return { before: Number(before), added: missing, total: Number(before) + missing, orgs: orgs.length };
  } finally {
    await deps.handle.close();
  }
}
