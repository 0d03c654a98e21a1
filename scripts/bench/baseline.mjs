// Baseline servers for `npm run bench`, run in their own process like the server under test.
//   BENCH_MODE=hello   GET /hello returns a constant JSON: the ceiling for any read route.
//   BENCH_MODE=insert  POST /insert does one prepared insert of the request body: the ceiling for a
//                      write route on this database (BENCH_DB=sqlite with BENCH_SQLITE_FILE, in WAL
//                      mode like the server; BENCH_DB=postgres with BENCH_PG_URL, a pg Pool of 10).
// Listens on 127.0.0.1:$PORT and prints "ready" on stdout.
import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';

const mode = process.env.BENCH_MODE ?? 'hello';
const port = Number(process.env.PORT ?? 0);
const app = Fastify({ logger: false });
let close = async () => {};

if (mode === 'hello') {
  app.get('/hello', async () => ({ hello: 'world' }));
} else if (mode === 'insert') {
  const kind = process.env.BENCH_DB ?? 'sqlite';
  if (kind === 'sqlite') {
    const { default: SQLite } = await import('better-sqlite3');
    const db = new SQLite(process.env.BENCH_SQLITE_FILE);
    // The same settings as the server's connection (apps/server/src/kernel/db.ts).
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    db.exec('create table if not exists bench_insert (id text primary key, body text not null, created_at text not null)');
    const insert = db.prepare('insert into bench_insert (id, body, created_at) values (?, ?, ?)');
    app.post('/insert', async (req) => {
      insert.run(randomUUID(), JSON.stringify(req.body), new Date().toISOString());
      return { ok: true };
    });
    close = async () => db.close();
  } else {
    const { default: pg } = await import('pg');
    const pool = new pg.Pool({ connectionString: process.env.BENCH_PG_URL, max: 10 });
    await pool.query('create schema if not exists bench_baseline');
    await pool.query('create table if not exists bench_baseline.bench_insert (id text primary key, body text not null, created_at text not null)');
    // A named statement is prepared once per connection.
    app.post('/insert', async (req) => {
      await pool.query({
        name: 'bench_insert',
        text: 'insert into bench_baseline.bench_insert (id, body, created_at) values ($1, $2, $3)',
        values: [randomUUID(), JSON.stringify(req.body), new Date().toISOString()],
      });
      return { ok: true };
    });
    close = async () => pool.end();
  }
} else {
  console.error(`baseline: unknown BENCH_MODE ${mode}`);
  process.exit(2);
}

const stop = async () => {
  await app.close();
  await close();
  process.exit(0);
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);

await app.listen({ port, host: '127.0.0.1' });
console.log('ready');
