// Start the real Manyi server on a fresh database and a free loopback port: a SQLite file,
// or, when MANYI_E2E_POSTGRES names a PostgreSQL server (.ci/postgres.sh), a new schema there.
import { spawn, execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../../..');
const BIN = process.env.MANYI_BIN ?? join(ROOT, 'target/debug/manyi');

function freePort() {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => done(port));
    });
  });
}

/**
 * `prepare(cli)` runs command-line tasks on the new database before the server starts.
 * The server runs in its own empty directory and serves the apps embedded in its binary
 * (`bin`, by default the one built for the tests), as a deployed server does.
 */
/** A database no other test uses (see the top of this file). */
function freshDatabase(dir) {
  const postgres = process.env.MANYI_E2E_POSTGRES;
  if (!postgres) return `sqlite://${join(dir, 'manyi.db')}`;
  const schema = `e2e_${randomUUID().replaceAll('-', '')}`;
  const psql = process.env.MANYI_PG_BIN ? join(process.env.MANYI_PG_BIN, 'psql') : 'psql';
  execFileSync(psql, ['-q', postgres, '-c', `CREATE SCHEMA ${schema}`]);
  return `${postgres}?options=-c%20search_path%3D${schema}`;
}

export async function startServer({ prepare, bin = BIN } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'manyi-e2e-'));
  const databaseUrl = freshDatabase(dir);
  // The three evaluations start open on the new database, as in the demonstration.
  const demo = { ...process.env, MANYI_SEED_OPEN: 'true' };
  const cli = (args, env = {}) => execFileSync(bin, ['--database-url', databaseUrl, ...args], {
    encoding: 'utf8', env: { ...demo, ...env },
  });
  if (prepare) prepare(cli, dir);
  const port = await freePort();
  const child = spawn(bin, ['--database-url', databaseUrl, 'serve', '--addr', `127.0.0.1:${port}`], {
    stdio: ['ignore', 'pipe', 'pipe'], env: demo, cwd: dir,
  });
  let log = '';
  child.stdout.on('data', (d) => { log += d; });
  child.stderr.on('data', (d) => { log += d; });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      const res = await fetch(`${url}/api/surveys`);
      if (res.ok) break;
    } catch { /* not up yet */ }
    if (i > 200 || child.exitCode !== null) throw new Error(`server did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    dir,
    /** Issue one-time codes through the command line (a batch labelled 命令行生成). */
    issueCodes: (survey, count) => cli(['codes', '--survey', survey, '--count', String(count)]).trim().split('\n'),
    /** Stored responses per survey, read from the database itself. */
    storedCounts: () => JSON.parse(cli(['stats'])),
    /** Valid synthetic answers for a survey (not stored). */
    sampleAnswers: (survey, count, seed = 1) =>
      cli(['sample', '--survey', survey, '--count', String(count), '--seed', String(seed)]).trim().split('\n').map((l) => JSON.parse(l)),
    /** `manyi verify` on a results link, as a journalist would run it: [exit code, output]. */
    verify: (link) => {
      try {
        return [0, execFileSync(bin, ['verify', link], { encoding: 'utf8' })];
      } catch (e) {
        return [e.status, `${e.stdout}${e.stderr}`];
      }
    },
    log: () => log,
    stop: () => new Promise((done) => { child.once('exit', done); child.kill('SIGTERM'); }),
  };
}
