/**
 * Detached containers and the commands that act on them: exec, stop, kill,
 * pause, logs, ps, rm — through the CLI, on the real kernel. Networking has
 * its own tests; these containers use --net none so timings measure the
 * lifecycle alone.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import t from 'tap';
import { assertNothingLeft, cleanUpAfter, isolatedEnv, needsRoot, running, sleep, tslab, type TslabEnv, until } from '../helpers/tslab.js';

interface Inspected {
  pid: number;
  status: string;
  exitCode?: number;
  live?: { cgroup?: { cpuUsageNanos: number } };
}

async function inspect(env: TslabEnv, name: string): Promise<Inspected> {
  return (JSON.parse((await tslab(env, ['inspect', name])).stdout) as Inspected[])[0]!;
}

/** Host pids of every process in the container's pid namespace, with their state letter. */
function processStates(containerPid: number): Map<number, string> {
  const nsInode = readFileSync(`/proc/${containerPid}/status`, 'utf8');
  void nsInode;
  const states = new Map<number, string>();
  const children = readFileSync(`/proc/${containerPid}/task/${containerPid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  for (const pid of [containerPid, ...children]) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      states.set(pid, stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0]!);
    } catch {
      // gone
    }
  }
  return states;
}

if (needsRoot(t)) {
  const env = isolatedEnv('life');
  cleanUpAfter(t, env);

  await t.test('a detached container runs on after the CLI exits; ps, logs, exec see it', async (t) => {
    const run = await tslab(env, ['run', '--net', 'none', '-d', '--name', 'web', '--hostname', 'webhost', 'busybox', 'sh', '-c', 'echo hello from web; exec sleep 300']);
    t.equal(run.exitCode, 0, run.stderr);
    t.match(run.stdout, /^[0-9a-f]{12}$/);
    const ps = await tslab(env, ['ps']);
    t.match(ps.stdout, /web\s+busybox.*Up/);
    let logs = '';
    await until(async () => (logs = (await tslab(env, ['logs', 'web'])).stdout) !== '');
    t.equal(logs, 'hello from web');

    const exec = await tslab(env, ['exec', 'web', 'sh', '-c', 'hostname; ps -o pid,args']);
    t.equal(exec.exitCode, 0, exec.stderr);
    const [host, , first] = exec.stdout.split('\n');
    t.equal(host, 'webhost', 'exec sees the container\'s hostname');
    t.match(first, /^\s*1\s+sleep 300/, 'exec sees the container\'s pid namespace: its PID 1');
    t.equal((await tslab(env, ['exec', 'web', 'sh', '-c', 'exit 7'])).exitCode, 7, 'exec returns the command\'s exit code');
  });

  await t.test('pause freezes every process; unpause thaws', async (t) => {
    t.equal((await tslab(env, ['pause', 'web'])).exitCode, 0);
    const { pid } = await inspect(env, 'web');
    t.match(readFileSync(`/proc/${pid}/status`, 'utf8'), /State:\s+[DS]/);
    t.match((await tslab(env, ['ps'])).stdout, /Paused/);
    const exec = await tslab(env, ['exec', 'web', 'true']);
    t.equal(exec.exitCode, 125, 'exec into a paused container is refused');
    t.match(exec.stderr, /unpause/);
    t.equal((await tslab(env, ['unpause', 'web'])).exitCode, 0);
    t.equal((await inspect(env, 'web')).status, 'running');
  });

  await t.test('rm refuses a running container without -f', async (t) => {
    const rm = await tslab(env, ['rm', 'web']);
    t.equal(rm.exitCode, 125);
    t.match(rm.stderr, /rm -f web/);
  });

  await t.test('stop: a PID 1 that ignores SIGTERM is killed after the timeout', async (t) => {
    t.equal((await tslab(env, ['rm', '-f', 'web'])).exitCode, 0, 'rm -f removes a running container');
    // The PID 1 marks the moment SIGTERM arrives in a volume, so the timeout is measured from
    // the signal, not from the CLI's start (which a loaded machine makes slow).
    const dir = mkdtempSync(path.join(tmpdir(), 'tslab-stop-'));
    t.teardown(() => rmSync(dir, { recursive: true, force: true }));
    // A trapped signal ends `wait` at once, and `: >` marks it without a fork, so the mark is prompt even under emulation.
    const script = 'trap ": > /v/term" TERM; : > /v/ready; while :; do sleep 1000 & wait; done';
    t.equal((await tslab(env, ['run', '--net', 'none', '-d', '--name', 'stubborn', '-v', `${dir}:/v`, 'busybox', 'sh', '-c', script])).exitCode, 0);
    t.ok(await until(() => existsSync(path.join(dir, 'ready'))), 'the trap is set');
    const { pid } = await inspect(env, 'stubborn');
    const stopping = tslab(env, ['stop', '-t', '1', 'stubborn']);
    t.ok(await until(() => existsSync(path.join(dir, 'term')), 30_000, 5), 'SIGTERM came first');
    const termAt = Date.now();
    t.ok(await until(() => !running(pid), 30_000, 5), 'PID 1 was killed');
    const killedAfter = (Date.now() - termAt) / 1000;
    const stop = await stopping;
    t.equal(stop.exitCode, 0, stop.stderr);
    // Not 1 s exactly: the mark and the polls that see it and the death each take a moment.
    t.ok(killedAfter >= 0.8, `PID 1 lived through the 1 s timeout (killed ${killedAfter}s after SIGTERM)`);
    t.ok(killedAfter <= 2, `and was killed within 1 s after it (${killedAfter}s)`);
    const state = await inspect(env, 'stubborn');
    t.equal(state.status, 'stopped');
    t.equal(state.exitCode, 137);
    t.match((await tslab(env, ['ps', '-a'])).stdout, /Exited \(137\)/);
    t.equal((await tslab(env, ['rm', 'stubborn'])).exitCode, 0);
  });

  await t.test('stop: a PID 1 with a TERM handler ends at once', async (t) => {
    await tslab(env, ['run', '--net', 'none', '-d', '--name', 'polite', 'busybox', 'sh', '-c', 'trap "exit 0" TERM; while :; do sleep 0.1; done']);
    const started = Date.now();
    await tslab(env, ['stop', '-t', '30', 'polite']);
    t.ok(Date.now() - started < 30_000, 'returned before the 30 s timeout: it did not wait for it');
    t.equal((await inspect(env, 'polite')).exitCode, 0);
    await tslab(env, ['rm', 'polite']);
  });

  await t.test('a detached container that exits by itself is reaped by its shim', async (t) => {
    await tslab(env, ['run', '--net', 'none', '-d', '--name', 'brief', 'busybox', 'sh', '-c', 'exit 5']);
    let state = await inspect(env, 'brief');
    for (let i = 0; i < 50 && state.status !== 'stopped'; i++) {
      await sleep(100);
      state = await inspect(env, 'brief');
    }
    t.equal(state.status, 'stopped');
    t.equal(state.exitCode, 5);
    await tslab(env, ['rm', 'brief']);
  });

  await t.test('--rm with -d removes the container when it ends', async (t) => {
    await tslab(env, ['run', '--net', 'none', '-d', '--rm', '--name', 'gone', 'busybox', 'true']);
    for (let i = 0; i < 50 && (await tslab(env, ['ps', '-a'])).stdout.includes('gone'); i++) await sleep(100);
    t.notMatch((await tslab(env, ['ps', '-a'])).stdout, /gone/);
  });

  await t.test('logs -f follows the output until the container ends', async (t) => {
    await tslab(env, ['run', '--net', 'none', '-d', '--name', 'ticker', 'busybox', 'sh', '-c', 'for i in 1 2 3; do echo tick $i; sleep 0.3; done; echo done >&2']);
    const follow = await tslab(env, ['logs', '-f', 'ticker']);
    t.equal(follow.exitCode, 0);
    t.equal(follow.stdout, 'tick 1\ntick 2\ntick 3\ndone', 'stdout and stderr, in order, to the end');
    await tslab(env, ['rm', 'ticker']);
  });

  await t.test('kill sends a signal to PID 1', async (t) => {
    await tslab(env, ['run', '--net', 'none', '-d', '--name', 'victim', 'busybox', 'sleep', '300']);
    t.equal((await tslab(env, ['kill', 'victim'])).exitCode, 0);
    let state = await inspect(env, 'victim');
    for (let i = 0; i < 50 && state.status !== 'stopped'; i++) {
      await sleep(100);
      state = await inspect(env, 'victim');
    }
    t.equal(state.exitCode, 137);
    t.equal((await tslab(env, ['kill', '-s', 'NOPE', 'victim'])).exitCode, 125);
    await tslab(env, ['rm', 'victim']);
  });

  // An orphan reparented to PID 1 becomes a zombie when it exits; only an init reaps it.
  const orphanScript = '(sleep 0.2 &); exec sleep 300';
  await t.test('without --init an orphaned zombie stays', async (t) => {
    await tslab(env, ['run', '--net', 'none', '-d', '--name', 'noinit', 'busybox', 'sh', '-c', orphanScript]);
    const { pid } = await inspect(env, 'noinit');
    let states = new Map<number, string>();
    const zombie = await until(() => [...(states = processStates(pid)).values()].includes('Z'));
    t.ok(zombie, `a zombie is left: ${JSON.stringify([...states])}`);
    await tslab(env, ['rm', '-f', 'noinit']);
  });

  await t.test('with --init the orphaned zombie is reaped', async (t) => {
    await tslab(env, ['run', '--net', 'none', '-d', '--init', '--name', 'withinit', 'busybox', 'sh', '-c', orphanScript]);
    const { pid } = await inspect(env, 'withinit');
    t.match(readFileSync(`/proc/${pid}/cmdline`, 'utf8'), /^tslab-init/, 'PID 1 is tslab-init');
    // The orphan lives 0.2 s; once it has exited, nothing but sleep 300 may be left beside PID 1.
    let listing = '';
    const reaped = await until(async () => {
      listing = (await tslab(env, ['exec', 'withinit', 'ps', '-o', 'pid,stat,args'])).stdout;
      return !/sleep 0\.2/.test(listing) && !/\bZ\b/.test(listing);
    });
    t.ok(reaped, `the orphan was reaped, no zombie inside: ${listing}`);
    t.match(listing, /sleep 300/);
    await tslab(env, ['rm', '-f', 'withinit']);
  });

  await t.test('--cpus 0.5 holds a busy loop to half a CPU', async (t) => {
    await tslab(env, ['run', '--net', 'none', '-d', '--name', 'busy', '--cpus', '0.5', 'busybox', 'sh', '-c', 'while :; do :; done']);
    let before = 0;
    t.ok(await until(async () => (before = (await inspect(env, 'busy')).live!.cgroup!.cpuUsageNanos) > 0), 'the loop runs');
    const started = process.hrtime.bigint();
    await sleep(2000); // the measuring window, not a wait for an event
    const after = (await inspect(env, 'busy')).live!.cgroup!.cpuUsageNanos;
    const wallNanos = Number(process.hrtime.bigint() - started);
    const rate = (after - before) / wallNanos;
    t.ok(rate <= 0.6, `at most 0.6 CPU-seconds per second (measured ${rate.toFixed(3)})`);
    t.ok(rate >= 0.3, `and it did run (measured ${rate.toFixed(3)})`);
    await tslab(env, ['rm', '-f', 'busy']);
  });

  await assertNothingLeft(t, env);
}
