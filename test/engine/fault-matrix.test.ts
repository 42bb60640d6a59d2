/**
 * The fault matrix: the CLI, the shim or the container's PID 1 SIGKILLed at
 * each phase of `run` (with a published port, so the network phase has
 * something to undo). Afterwards the CLI has said what happened in one line
 * with a hint (never "a bug in tslab"), `ps -a` is true (whatever it shows as
 * up is alive), and `rm -f` plus `gc` remove everything.
 */
import { readFileSync } from 'node:fs';
import t from 'tap';
import { assertNothingLeft, cleanUpAfter, isolatedEnv, leftovers, needsRoot, settledLeftovers, tslab } from '../helpers/tslab.js';

const alive = (pid: number | undefined): boolean => {
  if (pid === undefined) return false;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^[ZX]/.test(stat.slice(stat.lastIndexOf(')') + 2));
  } catch {
    return false;
  }
};

const setupPoints = ['after-register', 'after-rootfs', 'after-cgroup'];
const processPoints = ['after-namespaces', 'after-network', 'after-start'];
const cases: Array<[string, string]> = [
  ...[...setupPoints, ...processPoints].map((point): [string, string] => [point, 'cli']),
  ...processPoints.flatMap((point): Array<[string, string]> => [[point, 'shim'], [point, 'pid1']]),
];

if (needsRoot(t)) {
  const env = isolatedEnv('faults');
  cleanUpAfter(t, env);

  let port = 18500 + (process.pid % 200);
  for (const [point, who] of cases) {
    await t.test(`${who} SIGKILLed ${point}`, async (t) => {
      const name = `f-${point}-${who}`;
      const r = await tslab(env, ['run', '-d', '--name', name, '-p', `${port++}:80`, 'busybox', 'sleep', '300'], { env: { ...env, TSLAB_CRASH_AT: `${point}:${who}` } });
      if (who === 'cli') {
        t.not(r.exitCode, 0, 'the CLI died');
      } else if (point !== 'after-start') {
        t.equal(r.exitCode, 125, r.stderr);
        const lines = r.stderr.trimEnd().split('\n');
        t.match(lines[0], /^tslab: container .* ended while it was being set up: its (first process|tslab-shim) \(pid \d+\)/, 'says which process ended');
        t.match(lines[1], /^ {2}hint: \S/);
        t.notMatch(r.stderr, /bug in tslab/);
      }
      // ps is a pure read: a PID 1 killed a moment ago is shown running until its shim has written the exit
      // (milliseconds later). Poll for a true picture, within a bound, rather than sleep.
      type Row = { name: string; status: string; pid?: number };
      const shownAliveButDead = (rows: Row[]) => rows.filter((c) => (c.status === 'running' || c.status === 'paused') && !alive(c.pid));
      let ps = await tslab(env, ['ps', '-a', '--json']);
      for (const deadline = Date.now() + 5000; Date.now() < deadline && shownAliveButDead(JSON.parse(ps.stdout || '[]') as Row[]).length > 0; ) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        ps = await tslab(env, ['ps', '-a', '--json']);
      }
      t.equal(ps.exitCode, 0, ps.stderr);
      for (const c of JSON.parse(ps.stdout || '[]') as Row[]) {
        if (c.status === 'running' || c.status === 'paused') t.ok(alive(c.pid), `${c.name} is shown ${c.status}, and its pid ${c.pid} is alive`);
      }
      if (ps.stdout.includes(name)) t.equal((await tslab(env, ['rm', '-f', name])).exitCode, 0, 'rm -f removes it');
      t.equal((await tslab(env, ['gc'])).exitCode, 0);
      t.same(await settledLeftovers(env), [], 'nothing is left');
    });
  }

  t.same(leftovers(env), []);
  await assertNothingLeft(t, env);
}
