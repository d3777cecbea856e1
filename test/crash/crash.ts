// Crash test (`npm run test:crash`, after `npm run build`): CYCLES times, start the built server on
// one database, let several clients POST distinct articles at once, kill the server with SIGKILL at
// a random moment, and check after each kill and restart that
//   - no acknowledged (2xx) article is lost,
//   - no stored article is half-written: each has every mention (of an entity) and every quote that
//     POST /extract finds in its text,
//   - PRAGMA integrity_check (and foreign_key_check) on the killed database says ok,
//   - re-sending every acknowledged article creates no duplicate: each answers 200, the count stays.
// Prints the figures per cycle and in total; exits 1 on any violation. CRASH_SEED replays a run's
// articles and kill moments; CRASH_CYCLES and CRASH_CLIENTS change its size.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { freePort } from '../../src/cli/server-process.js';
import { article, seededPick } from './articles.js';
import { essence } from './essence.js';

const CYCLES = Number(process.env.CRASH_CYCLES ?? 20);
const CLIENTS = Number(process.env.CRASH_CLIENTS ?? 4);
const SEED = Number(process.env.CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));
/** The kill comes this long after the clients start: long enough for work, short enough to hit it. */
const KILL_AFTER_MS: [number, number] = [150, 1200];

const root = join(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'newswire-crash-'));
const databasePath = join(dir, 'news.db');
const articlesDir = join(dir, 'articles');
mkdirSync(articlesDir);
const apiKey = randomBytes(24).toString('hex');
const random = seededPick(SEED);

interface Sent {
  text: string;
  id?: string;
  /** The server answered 2xx: it promised the article is stored. */
  acknowledged: boolean;
}

const sent = new Map<string, Sent>();
/** Articles checked whole once; an article never changes after it is stored, so once is enough. */
const verified = new Set<string>();
const totals = { sent: 0, acknowledged: 0, lost: 0, halfWritten: 0, integrityFailures: 0, resent: 0, duplicates: 0 };
const violations: string[] = [];

interface Server {
  child: ChildProcess;
  base: string;
  exited: Promise<number | null>;
  log: () => string;
}

async function start(): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(root, 'dist/server.js')], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_PATH: databasePath,
      ARTICLES_DIR: articlesDir,
      API_KEYS: apiKey,
      RATE_LIMIT_MAX: '0',
      MAX_EVENT_LOOP_DELAY_MS: '0',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  let alive = true;
  void exited.then(() => (alive = false));
  while (Date.now() < deadline && alive) {
    try {
      if ((await fetch(`${base}/health`)).status === 200) return { child, base, exited, log: () => output };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`the server did not start:\n${output}`);
}

const post = (base: string, text: string) =>
  fetch(`${base}/articles`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'text/plain; charset=utf-8' },
    body: text,
  });

/** One client: POSTs new articles one after another until the server goes away. */
async function client(base: string, cycle: number, n: number) {
  for (let i = 0; ; i++) {
    const text = article(random, `C${cycle}-W${n}-${i}-${SEED}`);
    const entry: Sent = { text, acknowledged: false };
    sent.set(text, entry);
    try {
      const res = await post(base, text);
      const body = (await res.json()) as { id?: string };
      if (res.status === 200 || res.status === 201) {
        entry.acknowledged = true;
        entry.id = body.id;
      } else {
        violations.push(`cycle ${cycle}: POST answered ${res.status} ${JSON.stringify(body).slice(0, 200)}`);
        return;
      }
    } catch {
      return; // the server was killed: this request's fate is unknown, which the checks allow
    }
  }
}

/** Runs `fn` over `items`, `width` at a time. */
async function pool<T>(items: T[], width: number, fn: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await fn(items[next++] as T);
    }),
  );
}

/** The answers the checks read: an article (or extraction) and a page of summaries. */
interface Answer {
  id: string;
  text: string;
  data: { id: string }[];
  next: string | null;
  entities: Parameters<typeof essence>[0]['entities'];
  quotes: Parameters<typeof essence>[0]['quotes'];
}

async function getJson(url: string, init?: RequestInit): Promise<{ status: number; body: Answer }> {
  const res = await fetch(url, init);
  return { status: res.status, body: (await res.json()) as Answer };
}

async function storedIds(base: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const { status, body } = await getJson(
      `${base}/articles?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    if (status !== 200) throw new Error(`GET /articles answered ${status}`);
    for (const a of body.data) ids.push(a.id);
    cursor = body.next;
  } while (cursor);
  return ids;
}

function integrity(): string {
  const db = new Database(databasePath, { readonly: true, fileMustExist: true });
  try {
    const check = db.pragma('integrity_check', { simple: true });
    const fk = db.pragma('foreign_key_check') as unknown[];
    return check === 'ok' && fk.length === 0
      ? 'ok'
      : `integrity_check ${String(check)}, ${fk.length} foreign-key errors`;
  } finally {
    db.close();
  }
}

async function verify(base: string, cycle: number) {
  const stored = new Set(await storedIds(base));
  const acknowledged = [...sent.values()].filter((s) => s.acknowledged);
  const lost = acknowledged.filter((s) => s.id === undefined || !stored.has(s.id));
  for (const s of lost) violations.push(`cycle ${cycle}: acknowledged article ${s.id} lost`);

  // Every article stored since the last check, acknowledged or not, must be whole.
  let halfWritten = 0;
  const fresh = [...stored].filter((id) => !verified.has(id));
  await pool(fresh, 4, async (id) => {
    const { status, body: storedArticle } = await getJson(`${base}/articles/${id}`);
    if (status !== 200) throw new Error(`GET /articles/${id} answered ${status}`);
    const { body: extracted } = await getJson(`${base}/extract`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      body: storedArticle.text,
    });
    const want = essence(extracted);
    const got = essence(storedArticle);
    if (JSON.stringify(want) !== JSON.stringify(got)) {
      halfWritten++;
      const missing = [...want.entities, ...want.quotes].filter(
        (x) => !got.entities.includes(x) && !got.quotes.includes(x),
      );
      const extra = [...got.entities, ...got.quotes].filter(
        (x) => !want.entities.includes(x) && !want.quotes.includes(x),
      );
      violations.push(
        `cycle ${cycle}: article ${id} is half-written: ${got.entities.length}/${want.entities.length} mentions, ` +
          `${got.quotes.length}/${want.quotes.length} quotes; missing ${JSON.stringify(missing)}; unexpected ${JSON.stringify(extra)}`,
      );
    }
    verified.add(id);
  });

  // Retrying is safe: the acknowledged ones answer 200 and nothing new appears. Those in flight at
  // the kill may answer 201 (they never reached the database); each such one adds exactly one.
  const before = stored.size;
  let resent = 0;
  let created = 0;
  let wrong = 0;
  const unacknowledged = [...sent.values()].filter((s) => !s.acknowledged);
  await pool([...acknowledged, ...unacknowledged], 4, async (s) => {
    const res = await post(base, s.text);
    const body = (await res.json()) as { id?: string };
    resent++;
    if (res.status === 201 && !s.acknowledged) {
      created++;
      s.acknowledged = true;
      s.id = body.id;
      return;
    }
    if (res.status === 200 && s.acknowledged) return;
    if (res.status === 200) {
      s.acknowledged = true;
      s.id = body.id;
      return;
    }
    wrong++;
    violations.push(`cycle ${cycle}: re-sending ${s.id ?? 'an article'} answered ${res.status}`);
  });
  const after = (await storedIds(base)).length;
  const duplicates = after - before - created;
  if (duplicates !== 0) violations.push(`cycle ${cycle}: ${duplicates} articles appeared on re-sending`);
  return { stored: before, lost: lost.length, halfWritten, checked: fresh.length, resent, created, wrong, duplicates };
}

async function main() {
  console.log(
    `crash test: ${CYCLES} cycles, ${CLIENTS} clients, seed ${SEED} (CRASH_SEED=${SEED} replays), database ${databasePath}`,
  );
  const started = Date.now();
  let server = await start();
  for (let cycle = 1; cycle <= CYCLES; cycle++) {
    const sentBefore = sent.size;
    const ackBefore = [...sent.values()].filter((s) => s.acknowledged).length;
    const clients = Array.from({ length: CLIENTS }, (_, n) => client(server.base, cycle, n));
    const killAfter = Math.round(KILL_AFTER_MS[0] + random.next() * (KILL_AFTER_MS[1] - KILL_AFTER_MS[0]));
    await new Promise((r) => setTimeout(r, killAfter));
    server.child.kill('SIGKILL');
    await server.exited;
    await Promise.all(clients);
    const sentNow = sent.size - sentBefore;
    const ackNow = [...sent.values()].filter((s) => s.acknowledged).length - ackBefore;

    const check = integrity();
    if (check !== 'ok') violations.push(`cycle ${cycle}: ${check}`);

    server = await start();
    const v = await verify(server.base, cycle);
    totals.sent += sentNow;
    totals.acknowledged += ackNow;
    totals.lost += v.lost;
    totals.halfWritten += v.halfWritten;
    totals.integrityFailures += check === 'ok' ? 0 : 1;
    totals.resent += v.resent;
    totals.duplicates += v.duplicates + v.wrong;
    console.log(
      `cycle ${String(cycle).padStart(2)}: killed after ${killAfter} ms; sent ${sentNow}, acknowledged ${ackNow}, ` +
        `in flight ${sentNow - ackNow}; after restart ${v.stored} stored, ${v.lost} lost, ` +
        `${v.halfWritten} half-written of ${v.checked} checked, integrity ${check}; ` +
        `re-sent ${v.resent}: ${v.created} new (were in flight), ${v.duplicates} duplicates`,
    );
  }
  server.child.kill('SIGTERM');
  const code = await server.exited;
  if (code !== 0) violations.push(`the server exited with ${code} on SIGTERM:\n${server.log()}`);

  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `total: ${CYCLES} kills in ${seconds} s; sent ${totals.sent}, acknowledged ${totals.acknowledged}, ` +
      `lost ${totals.lost}, half-written ${totals.halfWritten}, integrity failures ${totals.integrityFailures}, ` +
      `re-sent ${totals.resent}, duplicates ${totals.duplicates}`,
  );
  if (totals.acknowledged === 0) violations.push('no article was ever acknowledged: the test proved nothing');
  if (violations.length > 0) {
    console.error(`FAILED: ${violations.length} violations\n${violations.slice(0, 20).join('\n')}`);
    process.exitCode = 1;
  } else {
    rmSync(dir, { recursive: true, force: true });
    console.log('ok');
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
