/**
 * A crash at any point — the CLI SIGKILLed mid-step, or the shim killed under
 * a running container — leaves only what `tslab gc` can remove.
 */
import { readFileSync } from 'node:fs';
import t from 'tap';
import { assertNothingLeft, cleanUpAfter, isolatedEnv, leftovers, needsRoot, running, sleep, tslab, until } from '../helpers/tslab.js';

if (needsRoot(t)) {
  const env = isolatedEnv('crash');
  cleanUpAfter(t, env);

  for (const point of ['after-register', 'after-rootfs', 'after-cgroup', 'after-namespaces']) {
    await t.test(`tslab run SIGKILLed ${point}: gc removes what it left`, async (t) => {
      const r = await tslab(env, ['run', '--name', `crash-${point}`, '--memory', '64m', 'busybox', 'true'], {
        env: { ...env, TSLAB_CRASH_AT: point },
      });
      t.not(r.exitCode, 0, 'the CLI died');
      // The shim notices its engine is gone and ends its child; gc comes after that.
      await until(() => leftovers(env).every((l) => !l.startsWith('process ')));
      t.not(leftovers(env).length, 0, 'the crash left something behind');
      const gc = await tslab(env, ['gc']);
      t.equal(gc.exitCode, 0, gc.stderr);
      t.match(gc.stdout, /removed container crash-/);
      t.same(leftovers(env), [], 'gc removed all of it');
    });
  }

  await t.test('tslab run SIGKILLed after start: the container finishes and its shim reaps it', async (t) => {
    const r = await tslab(env, ['run', '--rm', '--name', 'crash-started', 'busybox', 'sleep', '0.5'], {
      env: { ...env, TSLAB_CRASH_AT: 'after-start' },
    });
    t.not(r.exitCode, 0);
    for (let i = 0; i < 50 && leftovers(env).length > 0; i++) await sleep(100);
    t.same(leftovers(env), []);
  });

  await t.test('the shim SIGKILLed under a running container: gc ends the orphan and cleans up', async (t) => {
    t.equal((await tslab(env, ['run', '-d', '--name', 'orphan', 'busybox', 'sleep', '300'])).exitCode, 0);
    const state = JSON.parse(readFileSync(`${env.TSLAB_RUN_DIR}/containers/${(await tslab(env, ['ps', '-q'])).stdout}/state.json`, 'utf8')) as { shimPid: number; pid: number };
    process.kill(state.shimPid, 'SIGKILL');
    t.ok(await until(() => !running(state.shimPid)), 'the shim is dead');
    const ps = await tslab(env, ['ps', '-a']);
    t.match(ps.stdout, /orphan.*no monitor/, 'ps sees that it has no monitor any more');
    t.equal((await tslab(env, ['gc'])).exitCode, 0);
    // Ended by gc: gone, or a zombie waiting for the host's init to collect it.
    let procState = 'gone';
    try {
      const stat = readFileSync(`/proc/${state.pid}/stat`, 'utf8');
      procState = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0]!;
    } catch {
      // gone
    }
    t.match(procState, /^(gone|Z|X)$/, 'the orphaned container process was ended');
    t.equal((await tslab(env, ['gc', '--all'])).exitCode, 0);
    t.same(leftovers(env), []);
  });

  await assertNothingLeft(t, env);
}
