/**
 * `tslab stats` on the real kernel: --no-stream against the cgroup files
 * themselves, and the live dashboard in tmux: gauges of two running
 * containers with limits, the charts moving, an OOM kill and CPU throttling
 * counted as they happen.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { startTmux } from '../helpers/tmux.js';
import { assertNothingLeft, cleanUpAfter, isolatedEnv, needsRoot, tslab, tslabBin } from '../helpers/tslab.js';

interface Raw {
  name: string;
  memoryBytes: number;
  memoryLimitBytes: number;
  cpuLimit?: number;
  pids: number;
  pidsMax?: number;
  oomKills: number;
  throttledPeriods: number;
}

if (needsRoot(t)) {
  const env = isolatedEnv('stats');
  cleanUpAfter(t, env);

  /** A cgroup file of the container, wherever the host keeps it (v1: one directory per controller; v2: one). */
  const cgroupFile = async (name: string, ...candidates: string[]): Promise<string> => {
    const [state] = JSON.parse((await tslab(env, ['inspect', name])).stdout) as Array<{ cgroupPaths: string[] }>;
    for (const dir of state!.cgroupPaths) for (const file of candidates) if (existsSync(path.join(dir, file))) return readFileSync(path.join(dir, file), 'utf8').trim();
    throw new Error(`none of ${candidates.join(', ')} for ${name}`);
  };
  const keyed = (text: string, key: string) => Number(new RegExp(`^${key} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);

  await t.test('--no-stream reads what the cgroup files say', async (t) => {
    t.equal((await tslab(env, ['run', '-d', '--net', 'none', '--name', 'web', '--memory', '64m', '--cpus', '0.1', '--pids-limit', '50', 'busybox', 'sh', '-c', 'while :; do :; done'])).exitCode, 0);
    t.equal((await tslab(env, ['run', '-d', '--net', 'none', '--name', 'db', '--memory', '32m', '--pids-limit', '20', 'busybox', 'sleep', '300'])).exitCode, 0);
    const dbMemory = () => cgroupFile('db', 'memory.current', 'memory.usage_in_bytes').then(Number);
    const memoryBefore = await dbMemory();
    const throttledBefore = keyed(await cgroupFile('web', 'cpu.stat'), 'nr_throttled');
    const r = await tslab(env, ['stats', '--no-stream', '--format', '{{json .Raw}}']);
    t.equal(r.exitCode, 0, r.stderr);
    const throttledAfter = keyed(await cgroupFile('web', 'cpu.stat'), 'nr_throttled');
    const rows = r.stdout.split('\n').map((line) => JSON.parse(line) as Raw);
    t.same(rows.map((row) => row.name).sort(), ['db', 'web']);
    for (const row of rows) {
      const limit = await cgroupFile(row.name, 'memory.max', 'memory.limit_in_bytes');
      t.equal(row.memoryLimitBytes, Number(limit), `${row.name}: memory limit as the file says`);
      t.equal(row.pidsMax, Number(await cgroupFile(row.name, 'pids.max')), `${row.name}: pids.max`);
      t.equal(row.pids, Number(await cgroupFile(row.name, 'pids.current')), `${row.name}: pids.current`);
      const oom = await cgroupFile(row.name, 'memory.events', 'memory.oom_control');
      t.equal(row.oomKills, keyed(oom, 'oom_kill'), `${row.name}: OOM kills`);
    }
    const db = rows.find((row) => row.name === 'db')!;
    const memoryAfter = await dbMemory();
    // A sleeping container barely moves: within a few pages of what the file said before and after.
    const slack = 256 * 1024;
    t.ok(db.memoryBytes >= Math.min(memoryBefore, memoryAfter) - slack && db.memoryBytes <= Math.max(memoryBefore, memoryAfter) + slack, `db: memory in use ${db.memoryBytes}, the file said ${memoryBefore} then ${memoryAfter}`);
    const web = rows.find((row) => row.name === 'web')!;
    t.equal(web.cpuLimit, 0.1, 'web: quota / period');
    t.ok(web.throttledPeriods >= throttledBefore && web.throttledPeriods <= throttledAfter, `web: throttled ${web.throttledPeriods}, between the file's ${throttledBefore} and ${throttledAfter}`);

    const table = await tslab(env, ['stats', '--no-stream', 'db']);
    t.match(table.stdout, /^CONTAINER ID\s+NAME\s+CPU %\s+MEM USAGE \/ LIMIT\s+MEM %\s+NET I\/O\s+BLOCK I\/O\s+PIDS\n[0-9a-f]{12}\s+db\s+\d+\.\d\d%\s+[\d.]+[KM]iB \/ 32MiB\s+[\d.]+%\s+\S+ \/ \S+\s+\S+ \/ \S+\s+1$/);
  });

  await t.test('the dashboard in a terminal: gauges of both, charts moving, an OOM kill and throttling counted', async (t) => {
    const screen = startTmux('tslab-stats', [process.execPath, tslabBin, 'stats', '--interval', '0.5'], { ...env }, { columns: 120, rows: 40 });
    t.teardown(() => screen.kill());
    const first = await screen.waitFor((s) => s.includes('web memory') && s.includes('db memory') && /db pids 1 \/ 20/.test(s), 'both containers\' gauges');
    t.match(first, /web memory [\d.]+[KM]iB \/ 64MiB/);
    t.match(first, /db memory [\d.]+[KM]iB \/ 32MiB/);
    t.match(first, /web cpu [\d.]+% of quota 0\.1 CPU/);
    t.match(first, /web pids 1 \/ 50/);
    const chart = (s: string) => s.split('\n').slice(20).map((line) => line.slice(0, 80)).join('\n');
    const later = await screen.waitFor((s) => chart(s) !== chart(first) && /-\d+s/.test(chart(s)), 'the chart to move');
    t.not(chart(later), chart(first), 'the chart moved');

    t.equal((await tslab(env, ['exec', 'db', 'sh', '-c', 'x=$(head -c 50000000 /dev/zero | tr "\\0" a)'])).exitCode, 137, 'over 32m: OOM-killed');
    await screen.waitFor((s) => /db: OOM kill, 1 in all/.test(s), 'the OOM kill in the log');
    await screen.waitFor((s) => /web: CPU throttled/.test(s), 'throttling in the log');
    screen.keys('q');
    await screen.waitFor((s) => !s.includes('web memory'), 'q to quit');
  });

  await t.test('cleanup', async (t) => {
    t.equal((await tslab(env, ['rm', '-f', 'web', 'db'])).exitCode, 0);
  });
  await assertNothingLeft(t, env);
}
