/**
 * A class of simulated learners against a real server: each learner is a
 * headless `tslab lesson run` on its own network-namespace host, reaching the
 * server over veth. Some predict wrong, some fail a check (their host ignores
 * pings, as a strict firewall would). Mid-class the server (the first one, when
 * two share PostgreSQL) is SIGKILLed; it comes back once the class is done and
 * learners' queued events are sent. The test then compares the dashboard, the
 * report and the stored events with what the learners did, exactly.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { execa, type ResultPromise } from 'execa';
import type { Test } from 'tap';
import type { DashboardData } from '../../src/workshop/dashboard/model.js';
import type { Report } from '../../src/workshop/report.js';
import { openWorkshopDb } from '../../src/workshop/db/connect.js';
import { isolatedEnv, settledLeftovers, tslab, tslabBin, type TslabEnv } from '../helpers/tslab.js';
import { classNetLeftovers, makeClassNet } from './hosts.js';

const STEPS = ['create-netns', 'ping-lo-down', 'bring-lo-up', 'create-veth', 'move-veth', 'address-veth', 'ping-both-ways', 'recap'];

export interface Plan {
  name: string;
  failing: boolean;
  /** 1-based step -> 1-based choice, as `--answer STEP=N` takes them. */
  predict: Record<number, number>;
}

export function planFor(i: number): Plan {
  const predict: Record<number, number> = { 1: (i % 3) + 1 };
  if (i % 2 === 0) predict[5] = (i % 4) + 1 > 3 ? 1 : (i % 4) + 1;
  return { name: `learner-${String(i).padStart(2, '0')}`, failing: i % 5 === 4, predict };
}

interface Server {
  child: ResultPromise;
  url: string;
  code: string;
}

async function startServer(base: string, database: string, listen: string, instructorFile: string): Promise<Server> {
  const child = execa(process.execPath, [tslabBin, 'workshop', 'serve', '--name', 'Class test', '--lessons', '01-netns', '--listen', listen, '--database', database, '--instructor-file', instructorFile], {
    env: { TSLAB_STATE_DIR: base },
    reject: false,
    stdin: 'ignore',
  });
  const fields: Record<string, string> = {};
  const lines = createInterface({ input: child.stdout! });
  for await (const line of lines) {
    const m = /^\s+(join code|url):\s+(\S+)/.exec(line);
    if (m) fields[m[1]!] = m[2]!;
    if (fields.url && fields['join code']) break;
  }
  if (!fields.url) throw new Error(`the server did not start: ${(await child).stderr}`);
  return { child, url: fields.url, code: fields['join code']! };
}

export async function runClass(t: Test, database: string, options: { learners: number; servers: 1 | 2 }): Promise<void> {
  const base = mkdtempSync(path.join(tmpdir(), 'tslab-test-class-'));
  const net = await makeClassNet(options.learners);
  const servers: Server[] = [];
  t.teardown(async () => {
    for (const s of servers) s.child.kill('SIGKILL');
    await net.remove();
    rmSync(base, { recursive: true, force: true });
  });
  const port = 20000 + (process.pid % 20000);
  const instructor = (k: number) => path.join(base, `instructor-${k}.json`);
  servers.push(await startServer(base, database, `${net.serverIp}:${port}`, instructor(0)));
  if (options.servers === 2) {
    // The second server takes up the same workshop: same database, the instructor's record.
    const { copyFileSync } = await import('node:fs');
    copyFileSync(instructor(0), instructor(1));
    servers.push(await startServer(base, database, `${net.serverIp}:${port + 1}`, instructor(1)));
  }
  const code = servers[0]!.code;
  const learners = Array.from({ length: options.learners }, (_, i) => {
    const env: TslabEnv & { TSLAB_STATE_DIR: string } = { ...isolatedEnv(`wsl${i}`), TSLAB_STATE_DIR: path.join(base, `learner-${i}`) };
    return { i, plan: planFor(i), env, server: options.servers === 2 ? i % 2 : 0 };
  });
  const onHost = (i: number, args: string[], env: TslabEnv) => {
    const [cmd, ...rest] = net.onHost(i, args);
    return execa(cmd!, rest, { env, reject: false, stdin: 'ignore', timeout: 300_000 });
  };

  await Promise.all(
    learners.map(async (l) => {
      await execa('ip', ['netns', 'exec', net.hosts[l.i]!, 'sysctl', '-qw', `net.ipv4.icmp_echo_ignore_all=${l.plan.failing ? 1 : 0}`]);
      const joined = await onHost(l.i, ['join', `${servers[l.server]!.url}${code}`, '--name', l.plan.name], l.env);
      t.equal(joined.exitCode, 0, `${l.plan.name} joins: ${joined.stderr}`);
    }),
  );

  // The class, all at once. When a third has finished, the first server is SIGKILLed.
  let finished = 0;
  let killed: Promise<unknown> | undefined;
  const runs = await Promise.all(
    learners.map(async (l) => {
      const predicts = ['--answer', Object.entries(l.plan.predict).map(([step, choice]) => `${step}=${choice}`).join(',')];
      const result = await onHost(l.i, ['lesson', 'run', '01-netns', ...predicts], l.env);
      if (++finished === Math.ceil(options.learners / 3)) {
        servers[0]!.child.kill('SIGKILL');
        killed = servers[0]!.child;
      }
      return result;
    }),
  );
  await killed;
  for (const [i, r] of runs.entries()) t.equal(r.exitCode, learners[i]!.plan.failing ? 1 : 0, `${learners[i]!.plan.name}'s lesson run: ${r.stderr.slice(-300)}`);

  // Back up on the same address and database; each learner's next command sends their backlog.
  servers[0] = await startServer(base, database, `${net.serverIp}:${port}`, instructor(0));
  t.equal(servers[0].code, code, 'the restarted server took up the same workshop');
  await Promise.all(
    learners.map(async (l) => {
      const status = await onHost(l.i, ['join', '--status'], l.env);
      t.equal(status.exitCode, 0, `${l.plan.name}: queue empty after the restart: ${status.stdout}${status.stderr}`);
    }),
  );

  // Every event a learner queued is stored exactly once.
  const queued = learners.flatMap((l) =>
    readFileSync(path.join(l.env.TSLAB_STATE_DIR, 'workshop-queue.jsonl'), 'utf8').trim().split('\n').map((line) => `${l.plan.name}/${(JSON.parse(line) as { id: string }).id}`),
  );
  const { db, close } = await openWorkshopDb(database);
  const stored = await db.selectFrom('events').innerJoin('learners', 'learners.id', 'events.learner_id').select(['learners.name', 'events.id']).execute();
  await close();
  t.equal(stored.length, queued.length, 'as many stored as queued: nothing lost, nothing twice');
  t.same(new Set(stored.map((e) => `${e.name}/${e.id}`)), new Set(queued), 'the same events');

  // The dashboard (from the last server) and the report say what the learners did.
  const viewer = servers[servers.length - 1]!;
  const token = (JSON.parse(readFileSync(instructor(servers.length - 1), 'utf8')) as { token: string }).token;
  const dash = (await (await fetch(new URL('/api/dashboard', viewer.url), { headers: { authorization: `Bearer ${token}` } })).json()) as DashboardData;
  t.same(
    dash.learners.map((r) => [r.name, r.lessons['01-netns']?.done, r.lessons['01-netns']?.step, r.lessons['01-netns']?.failures]).sort(),
    learners.map((l) => (l.plan.failing ? [l.plan.name, 6, 'ping-both-ways', 1] : [l.plan.name, 8, null, 0])).sort(),
    'the grid: each learner\'s step and failures',
  );
  const failing = learners.filter((l) => l.plan.failing).length;
  const n = options.learners;
  const expectedSteps = STEPS.map((step, i) => ({
    step,
    tried: i === 7 ? n - failing : n,
    passed: i < 6 ? n : n - failing,
    failedChecks: i === 6 ? failing : 0,
  }));
  t.same(dash.steps.map((s) => ({ step: s.step, tried: s.tried, passed: s.passed, failedChecks: s.failedChecks })), expectedSteps, 'per step');
  t.same(dash.progress, { done: n * 8 - failing * 2, total: n * 8 }, 'the donut');
  const votes = (stepNo: number, choices: number) =>
    Array.from({ length: choices }, (_, c) => learners.filter((l) => l.plan.predict[stepNo] === c + 1).length);
  const byStep = (step: string) => {
    const row = dash.predictions.find((p) => p.step === step);
    if (!row) throw new Error(`the dashboard has no prediction row for ${step}`);
    return row.choices.map((c) => c.count);
  };
  t.same(byStep('create-netns'), votes(1, 3), 'how the class answered create-netns');
  t.same(byStep('move-veth'), votes(5, byStep('move-veth').length), 'how the class answered move-veth');

  const report = await tslab(learners[0]!.env, ['workshop', 'report', '--format', 'json', '--instructor-file', instructor(0)], { env: { TSLAB_STATE_DIR: base } });
  t.equal(report.exitCode, 0, report.stderr);
  const r = JSON.parse(report.stdout) as Report;
  t.equal(r.learners, n);
  t.same(r.steps.map((s) => [s.step, s.tried, s.passed, s.successRate]), expectedSteps.map((s) => [s.step, s.tried, s.passed, Math.round((s.passed / s.tried) * 1000) / 10]), 'the report per step');
  t.same(r.predictions.find((p) => p.step === 'create-netns')?.choices.map((c) => c.count), votes(1, 3));
  t.same(r.learnerProgress.map((p) => [p.name, p.done]).sort(), learners.map((l) => [l.plan.name, l.plan.failing ? 6 : 8]).sort(), 'the report per learner');
  const anonymous = await tslab(learners[0]!.env, ['workshop', 'report', '--format', 'csv', '--anonymous', '--instructor-file', instructor(0)], { env: { TSLAB_STATE_DIR: base } });
  t.notMatch(anonymous.stdout, /learner-\d\d/, 'no names in the anonymous copy');
  t.match(anonymous.stdout, /01-netns,ping-both-ways,30,24,80/);

  for (const s of servers) s.child.kill('SIGTERM');
  await Promise.all(servers.map((s) => s.child));
  servers.length = 0;
  await net.remove();
  t.same(classNetLeftovers(), [], 'the class network is gone');
  for (const l of learners) t.same(await settledLeftovers(l.env), [], `${l.plan.name} left nothing`);
}
