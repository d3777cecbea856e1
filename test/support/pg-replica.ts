// A throwaway PostgreSQL 15 primary with one streaming-replication standby, for tests. Everything lives
// in one temporary directory owned by the `postgres` OS user (the server refuses to run as root): two
// data directories, their logs, and the unix sockets. Both servers listen on 127.0.0.1 on free ports;
// the system cluster on 5432 is neither used nor reconfigured.
//
//   const pair = await startReplicaPair();   // 5-8 s on 2 busy cores, most of it initdb
//   ... pair.primaryUrl, pair.replicaUrl ...
//   await pair.stop();                        // immediate shutdown of both, directory removed
//
// Start-up waits for each step with pg_ctl -w and pg_isready, under timeouts, and then until the
// standby streams from the primary (pg_stat_replication). A failure stops whatever was started,
// removes the directory and throws an error carrying the failed command's output and the tails of
// both server logs. An exit handler stops the servers if the test process ends without stop().
//
// Tests need root (to become `postgres`) and the PostgreSQL 15 binaries: postgresToolchain() says
// whether both are there, so a test file registers its PostgreSQL tests only when they can run, and
// fails instead when REQUIRE_POSTGRES=1 (CI that must not skip them silently).
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { appendFile, chown, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { compareLsn } from '../../src/store/lsn.js';
import type { NewsStore } from '../../src/store/news-store.js';
import { openReplicatedStore } from '../../src/store/pg-wal.js';
import type { ReplicatedStore, ReplicatedStoreOptions } from '../../src/store/replicated-store.js';

export const PG_BIN = '/usr/lib/postgresql/15/bin';

export interface ReplicaPair {
  /** postgres://postgres@127.0.0.1:<port>/postgres, trust authentication. */
  primaryUrl: string;
  /** The hot standby, read-only, streaming from the primary. */
  replicaUrl: string;
  /** The temporary directory holding both data directories, logs and sockets. */
  dir: string;
  /** Milliseconds start-up took, from the first initdb to a streaming standby. */
  startupMs: number;
  /** Milliseconds of each step: initdb, primary start, base backup, standby start, streaming. */
  steps: Record<string, number>;
  /** Stops both servers (immediate mode) and removes the directory; safe to call twice. */
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Bound on each step (initdb, a start, the base backup, the wait for streaming). Default 60 s. */
  stepTimeoutMs?: number;
  /** More postgresql.conf lines for the primary (and so the standby, which copies them). */
  settings?: string[];
}

/** Whether the PostgreSQL tests can run here, and if not, why. */
export function postgresToolchain(): { available: true } | { available: false; reason: string } {
  if (!existsSync(join(PG_BIN, 'initdb'))) return { available: false, reason: `${PG_BIN}/initdb does not exist` };
  if (process.getuid?.() !== 0) return { available: false, reason: 'the tests must run as root to become postgres' };
  return { available: true };
}

/** True when the PostgreSQL tests are to be registered; throws when they are required but cannot run. */
export function shouldRunPostgresTests(
  env: NodeJS.ProcessEnv = process.env,
  toolchain: ReturnType<typeof postgresToolchain> = postgresToolchain(),
): boolean {
  if (toolchain.available) return true;
  if (env.REQUIRE_POSTGRES === '1') throw new Error(`REQUIRE_POSTGRES=1 but ${toolchain.reason}`);
  return false;
}

/** A TCP port nothing listens on at the moment of asking (the kernel's choice). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

class StepError extends Error {}

function tail(file: string, lines = 40): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

const pgUid = () => Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
const pgGid = () => Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());

export async function startReplicaPair(options: StartOptions = {}): Promise<ReplicaPair> {
  const stepTimeoutMs = options.stepTimeoutMs ?? 60_000;
  const started = performance.now();
  const dir = await mkdtemp(join(tmpdir(), 'newswire-pg-'));
  await chown(dir, pgUid(), pgGid());
  const primaryDir = join(dir, 'primary');
  const standbyDir = join(dir, 'standby');
  const primaryLog = join(dir, 'primary.log');
  const standbyLog = join(dir, 'standby.log');
  const running: string[] = [];
  const steps: Record<string, number> = {};
  let lap = started;
  const step = (name: string) => {
    const t = performance.now();
    steps[name] = Math.round(t - lap);
    lap = t;
  };

  /** Runs a PostgreSQL program as the postgres user, in the temporary directory. */
  const run = (program: string, args: string[]) =>
    new Promise<string>((resolve, reject) => {
      execFile(
        'runuser',
        ['-u', 'postgres', '--', join(PG_BIN, program), ...args],
        { cwd: dir, timeout: stepTimeoutMs, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C' } },
        (error, stdout, stderr) => {
          if (error) {
            const why = error.killed ? `timed out after ${stepTimeoutMs} ms` : `failed (${error.code ?? error.signal})`;
            reject(new StepError(`${program} ${args.join(' ')} ${why}\n${stdout}${stderr}`.trimEnd()));
          } else resolve(stdout + stderr);
        },
      );
    });

  let stopped = false;
  const stopSync = () => {
    // Standby first, so it does not log its lost primary; immediate: nothing here is worth a checkpoint.
    for (const data of [...running].reverse()) {
      try {
        execFileSync(
          'runuser',
          ['-u', 'postgres', '--', join(PG_BIN, 'pg_ctl'), '-D', data, '-m', 'immediate', 'stop'],
          {
            cwd: dir,
            stdio: 'ignore',
            timeout: 30_000,
          },
        );
      } catch {
        // Already stopped, or never started.
      }
    }
    running.length = 0;
  };
  const onExit = () => stopSync();
  process.once('exit', onExit);
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    process.removeListener('exit', onExit);
    stopSync();
    await rm(dir, { recursive: true, force: true });
  };

  try {
    const primaryPort = await freePort();
    await run('initdb', [
      '-D',
      primaryDir,
      '-U',
      'postgres',
      '--auth=trust',
      '--encoding=UTF8',
      '--locale=C',
      '--no-sync',
    ]);
    step('initdb');
    const settings = (port: number) =>
      [
        '',
        '# newswire test harness',
        `port = ${port}`,
        "listen_addresses = '127.0.0.1'",
        `unix_socket_directories = '${dir}'`,
        'wal_level = replica',
        'max_wal_senders = 4',
        'hot_standby = on',
        // A throwaway cluster: durability is not needed, speed is.
        'fsync = off',
        'full_page_writes = off',
        'max_connections = 40',
        'shared_buffers = 16MB',
        ...(options.settings ?? []),
        '',
      ].join('\n');
    await appendFile(join(primaryDir, 'postgresql.conf'), settings(primaryPort));
    await appendFile(join(primaryDir, 'pg_hba.conf'), '\nhost replication all 127.0.0.1/32 trust\n');
    running.push(primaryDir); // before starting: a start that times out may still leave a server running
    await run('pg_ctl', ['-D', primaryDir, '-l', primaryLog, '-w', '-t', String(stepTimeoutMs / 1000), 'start']);
    await run('pg_isready', ['-h', '127.0.0.1', '-p', String(primaryPort), '-t', String(stepTimeoutMs / 1000)]);
    step('primary start');

    const standbyPort = await freePort();
    // -R writes primary_conninfo and standby.signal; -c fast checkpoints at once; -X stream brings the
    // WAL written meanwhile.
    await run('pg_basebackup', [
      '-h',
      '127.0.0.1',
      '-p',
      String(primaryPort),
      '-U',
      'postgres',
      '-D',
      standbyDir,
      '-R',
      '-X',
      'stream',
      '-c',
      'fast',
      '--no-sync',
    ]);
    step('base backup');
    // The copied postgresql.conf names the primary's port: a later line wins.
    await appendFile(join(standbyDir, 'postgresql.conf'), `\nport = ${standbyPort}\n`);
    running.push(standbyDir); // before starting: a start that times out may still leave a server running
    await run('pg_ctl', ['-D', standbyDir, '-l', standbyLog, '-w', '-t', String(stepTimeoutMs / 1000), 'start']);
    await run('pg_isready', ['-h', '127.0.0.1', '-p', String(standbyPort), '-t', String(stepTimeoutMs / 1000)]);
    step('standby start');

    const primaryUrl = `postgres://postgres@127.0.0.1:${primaryPort}/postgres`;
    const replicaUrl = `postgres://postgres@127.0.0.1:${standbyPort}/postgres`;
    await waitForStreaming(primaryUrl, replicaUrl, stepTimeoutMs);
    step('streaming');
    return { primaryUrl, replicaUrl, dir, startupMs: Math.round(performance.now() - started), steps, stop };
  } catch (error) {
    const message = [
      `could not start the PostgreSQL primary and standby in ${dir}:`,
      error instanceof Error ? error.message : String(error),
      `--- primary log (${primaryLog}) ---`,
      tail(primaryLog),
      `--- standby log (${standbyLog}) ---`,
      tail(standbyLog),
    ].join('\n');
    await stop();
    throw new Error(message, { cause: error });
  }
}

/** Until the primary reports the standby streaming and the standby says it is in recovery. */
async function waitForStreaming(primaryUrl: string, replicaUrl: string, timeoutMs: number) {
  const primary = new pg.Client({ connectionString: primaryUrl, connectionTimeoutMillis: timeoutMs });
  const replica = new pg.Client({ connectionString: replicaUrl, connectionTimeoutMillis: timeoutMs });
  await primary.connect();
  try {
    await replica.connect();
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const streaming = await primary.query(
        "SELECT count(*)::int AS n FROM pg_stat_replication WHERE state = 'streaming'",
      );
      const recovery = await replica.query('SELECT pg_is_in_recovery() AS r');
      if (streaming.rows[0].n > 0 && recovery.rows[0].r === true) return;
      if (Date.now() > deadline) throw new StepError(`the standby did not start streaming within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    await primary.end();
    await replica.end().catch(() => {});
  }
}

/** Until the standby has replayed everything the primary has written so far. */
export async function waitForReplay(pair: Pick<ReplicaPair, 'primaryUrl' | 'replicaUrl'>, timeoutMs = 10_000) {
  const primary = new pg.Client({ connectionString: pair.primaryUrl });
  const replica = new pg.Client({ connectionString: pair.replicaUrl });
  await primary.connect();
  try {
    await replica.connect();
    const target = (await primary.query('SELECT pg_current_wal_lsn()::text AS lsn')).rows[0].lsn as string;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const replayed = (await replica.query('SELECT pg_last_wal_replay_lsn()::text AS lsn')).rows[0].lsn as string;
      if (compareLsn(replayed, target) >= 0) return;
      if (Date.now() > deadline) throw new Error(`the standby replayed ${replayed}, not ${target}, in ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 10));
    }
  } finally {
    await primary.end();
    await replica.end().catch(() => {});
  }
}

/**
 * The replicated store over the pair, with stores opened by an engine's opener (openStore-like): the
 * primary's first (it migrates), then, once the standby has replayed the migrations, the replica's.
 */
export function openReplicatedPair(
  pair: ReplicaPair,
  open: (url: string, role: 'primary' | 'replica') => Promise<NewsStore>,
  options: Omit<ReplicatedStoreOptions, 'primary' | 'replicas' | 'wal'> = {},
): Promise<ReplicatedStore> {
  return openReplicatedStore({
    ...options,
    primaryUrl: pair.primaryUrl,
    replicaUrls: [pair.replicaUrl],
    open: async (url, role) => {
      if (role === 'replica') await waitForReplay(pair);
      return open(url, role);
    },
  });
}
