/**
 * Defects found by using tslab as a hostile user would (issue 12, section 4),
 * each checked against the real kernel: kill of a paused container, parallel
 * rm -f, ps as a pure read, and tslab in a network namespace whose /sys is
 * someone else's.
 */
import { readFileSync, statSync } from 'node:fs';
import { execa } from 'execa';
import t from 'tap';
import { assertNothingLeft, cleanUpAfter, isolatedEnv, leftovers, needsRoot, sleep, tslab, tslabBin } from '../helpers/tslab.js';

interface StateFile {
  id: string;
  pid: number;
  shimPid: number;
  status: string;
}

if (needsRoot(t)) {
  const env = isolatedEnv('defects');
  cleanUpAfter(t, env);
  const stateFile = (id: string) => `${env.TSLAB_RUN_DIR}/containers/${id}/state.json`;
  const readState = (id: string) => JSON.parse(readFileSync(stateFile(id), 'utf8')) as StateFile;
  const alive = (pid: number) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return !/^[ZX]$/.test(stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3));
    } catch {
      return false;
    }
  };

  await t.test('kill of a paused container is refused, and rm -f then removes everything', async (t) => {
    t.equal((await tslab(env, ['run', '-d', '--name', 'frozen', '-p', '18431:80', 'busybox', 'sleep', '300'])).exitCode, 0);
    t.equal((await tslab(env, ['pause', 'frozen'])).exitCode, 0);
    const kill = await tslab(env, ['kill', 'frozen']);
    t.equal(kill.exitCode, 125, 'not a silent 0');
    t.match(kill.stderr, /frozen is paused/);
    t.match(kill.stderr, /hint: unpause it first/);
    const rm = await tslab(env, ['rm', '-f', 'frozen']);
    t.equal(rm.exitCode, 0, rm.stderr);
    t.equal((await tslab(env, ['ps', '-a', '-q'])).stdout, '');
  });

  await t.test('five parallel rm -f of one container: one removes it, the others say it is gone', async (t) => {
    t.equal((await tslab(env, ['run', '-d', '--name', 'contested', '-p', '18432:80', 'busybox', 'sleep', '300'])).exitCode, 0);
    const results = await Promise.all(Array.from({ length: 5 }, () => tslab(env, ['rm', '-f', 'contested'])));
    t.equal(results.filter((r) => r.exitCode === 0).length, 1, results.map((r) => r.stderr).join(''));
    for (const r of results.filter((r) => r.exitCode !== 0)) {
      t.equal(r.exitCode, 125);
      t.match(r.stderr, /no such container: contested/);
    }
    t.equal((await tslab(env, ['ps', '-a', '-q'])).stdout, '');
  });

  await t.test('ps -a is a read: a container whose shim died is shown as it is and left alone', async (t) => {
    t.equal((await tslab(env, ['run', '-d', '--name', 'orphan', 'busybox', 'sleep', '300'])).exitCode, 0);
    const id = (await tslab(env, ['ps', '-q'])).stdout;
    const before = readState(id);
    process.kill(before.shimPid, 'SIGKILL');
    for (let i = 0; i < 100 && alive(before.shimPid); i++) await sleep(20);
    const mtime = statSync(stateFile(id)).mtimeMs;
    const ps = await tslab(env, ['ps', '-a']);
    t.match(ps.stdout, /orphan.*no monitor/, 'ps says the container has lost its monitor');
    await tslab(env, ['ps', '-a', '--json']);
    t.ok(alive(before.pid), 'the container process still runs');
    t.equal(statSync(stateFile(id)).mtimeMs, mtime, 'its record was not rewritten');
    t.equal(readState(id).status, 'running');
    t.equal((await tslab(env, ['rm', '-f', 'orphan'])).exitCode, 0, 'rm -f ends it');
    t.notOk(alive(before.pid));
  });

  await t.test('in a network namespace without its own /sys, links are seen where they are', async (t) => {
    // unshare -n keeps the host's sysfs: /sys/class/net lists the host's links, not this namespace's.
    const twice = ['-c', `"$0" "$1" run --rm busybox true && "$0" "$1" run --rm busybox true && "$0" "$1" gc --all`, process.execPath, tslabBin];
    const r = await execa('unshare', ['-n', 'sh', ...twice], { reject: false, env: { ...env, TSLAB_DEBUG: '' } });
    t.equal(r.exitCode, 0, r.stderr);
    t.same(leftovers(env), []);
  });

  await t.test('run -d --rm of a command that ends before the CLI detaches is still removed', async (t) => {
    // The shim used to report the exit to a CLI that was detaching, and skip its on_exit hook.
    for (let i = 0; i < 5; i++) t.equal((await tslab(env, ['run', '-d', '--rm', '--net', 'none', 'busybox', 'true'])).exitCode, 0);
    // The hooks (one node process each) may take a while on a loaded machine: poll, with a generous deadline.
    const deadline = Date.now() + 60_000;
    while (leftovers(env).length > 0 && Date.now() < deadline) await sleep(200);
    t.same(leftovers(env), [], 'every one reaped and removed by its hook');
  });

  await assertNothingLeft(t, env);
}
