/**
 * `npm run bench:workshop`: the workshop server under a class of 200
 * simulated learners, on SQLite and on PostgreSQL (a temp cluster, as the
 * tests make). The server is a real `tslab workshop serve` process on
 * loopback; learners are HTTP clients in this process. Two loads:
 *  - live: each learner sends events one request at a time, as the lab's
 *    background sender does during a class; latency per request, p50/p99;
 *  - backlog: each learner sends 100 queued events in one request, as after
 *    a server outage; events per second.
 * Bounded: a fixed number of requests, then it stops. Writes its section of
 * bench/RESULTS.md (between the workshop markers) and prints it.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { startPostgres } from '../test/workshop/postgres.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = path.join(repo, 'bin', 'tslab.js');
const LEARNERS = Number(process.env.BENCH_LEARNERS ?? 200);
const LIVE_EVENTS = Number(process.env.BENCH_LIVE_EVENTS ?? 30);
const STEPS = ['create-netns', 'ping-lo-down', 'bring-lo-up', 'create-veth', 'move-veth', 'address-veth', 'ping-both-ways', 'recap'];

const event = (i: number) => ({ id: randomUUID(), at: new Date().toISOString(), kind: i % 3 === 0 ? 'step-run' : 'check', lesson: '01-netns', step: STEPS[i % STEPS.length], ok: i % 7 !== 0, ...(i % 3 === 0 ? { ms: 120 } : { detail: 'bench' }) });

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function serve(database: string, dir: string) {
  const child = execa(process.execPath, [bin, 'workshop', 'serve', '--name', 'bench', '--lessons', '01-netns', '--listen', '127.0.0.1:0', '--database', database, '--instructor-file', path.join(dir, 'instructor.json'), '--events-per-minute', '100000'], { reject: false, stdin: 'ignore', env: { TSLAB_STATE_DIR: dir } });
  const fields: Record<string, string> = {};
  for await (const line of createInterface({ input: child.stdout! })) {
    const m = /^\s+(join code|url):\s+(\S+)/.exec(line);
    if (m) fields[m[1]!] = m[2]!;
    if (fields.url && fields['join code']) break;
  }
  return { child, url: fields.url!, code: fields['join code']! };
}

async function post(url: string, token: string | undefined, route: string, body: unknown): Promise<any> {
  const response = await fetch(new URL(route, url), { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`${route}: HTTP ${response.status} ${await response.text()}`);
  return response.json();
}

interface Row {
  backend: string;
  liveEventsPerSec: number;
  p50: number;
  p99: number;
  backlogEventsPerSec: number;
}

async function runBackend(name: string, database: string, dir: string): Promise<Row> {
  const server = await serve(database, dir);
  try {
    const tokens = await Promise.all(Array.from({ length: LEARNERS }, async (_, i) => (await post(server.url, undefined, '/api/join', { code: server.code, name: `bench-${i}` })).token as string));
    const latencies: number[] = [];
    const liveStart = performance.now();
    await Promise.all(
      tokens.map(async (token) => {
        for (let k = 0; k < LIVE_EVENTS; k++) {
          const t0 = performance.now();
          await post(server.url, token, '/api/events', { events: [event(k)] });
          latencies.push(performance.now() - t0);
        }
      }),
    );
    const liveSeconds = (performance.now() - liveStart) / 1000;
    const backlogStart = performance.now();
    await Promise.all(tokens.map((token) => post(server.url, token, '/api/events', { events: Array.from({ length: 100 }, (_, k) => event(k)) })));
    const backlogSeconds = (performance.now() - backlogStart) / 1000;
    latencies.sort((a, b) => a - b);
    return {
      backend: name,
      liveEventsPerSec: Math.round((LEARNERS * LIVE_EVENTS) / liveSeconds),
      p50: Math.round(pct(latencies, 50) * 10) / 10,
      p99: Math.round(pct(latencies, 99) * 10) / 10,
      backlogEventsPerSec: Math.round((LEARNERS * 100) / backlogSeconds),
    };
  } finally {
    server.child.kill('SIGTERM');
    await server.child;
  }
}

const loadBefore = loadavg()[0]!.toFixed(1);
const dir = mkdtempSync(path.join(tmpdir(), 'tslab-bench-ws-'));
const rows: Row[] = [];
try {
  rows.push(await runBackend('SQLite', path.join(dir, 'bench.sqlite'), path.join(dir, 'sqlite')));
  const pg = await startPostgres();
  try {
    rows.push(await runBackend('PostgreSQL', await pg.createDatabase('bench'), path.join(dir, 'pg')));
  } finally {
    await pg.stop();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const section = `<!-- workshop:start -->
## Workshop server: ${LEARNERS} simulated learners

Generated by \`npm run bench:workshop\` on ${new Date().toISOString()} (${cpus().length} cpus, load average ${loadBefore} before the run; the server, the database and the ${LEARNERS} learners' HTTP clients share them).
Live: each learner sends ${LIVE_EVENTS} events one request at a time, all learners at once (latency per request).
Backlog: each learner sends 100 queued events in one request, all at once (as after an outage).
Each live request costs the server a token lookup, a rate-limit update and an insert; a class of 200 sends
a few events per learner per minute (a few per second in all), so live throughput is far above need, and a
backlog arrives in batches of 100. The p99 is queueing: 200 requests in flight on one event loop.

| database | live events/s | p50 ms | p99 ms | backlog events/s |
| --- | --- | --- | --- | --- |
${rows.map((r) => `| ${r.backend} | ${r.liveEventsPerSec} | ${r.p50} | ${r.p99} | ${r.backlogEventsPerSec} |`).join('\n')}
<!-- workshop:end -->`;
console.log(section);
const results = path.join(repo, 'bench', 'RESULTS.md');
const text = existsSync(results) ? readFileSync(results, 'utf8') : '';
const marked = /<!-- workshop:start -->[\s\S]*<!-- workshop:end -->/;
writeFileSync(results, marked.test(text) ? text.replace(marked, section) : `${text.trimEnd()}\n\n${section}\n`);
