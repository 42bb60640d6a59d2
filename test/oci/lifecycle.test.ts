/**
 * The runtime interface against the runtime spec's lifecycle (runtime.md):
 * creating -> created (process exists, command not run) -> running ->
 * stopped, the state JSON at each step, operations refused in the wrong
 * state, hooks, rlimits, refusals by field name, and nothing left behind.
 */
import { existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import t from 'tap';
import { assertNothingLeft, cleanUpAfter, isolatedEnv, needsRoot, repoRoot, sleep, tslab } from '../helpers/tslab.js';
import type { OciConfig } from '../../src/oci/config-types.js';
import { editConfig, makeRootfs } from './bundle.js';

async function until(check: () => Promise<boolean>, ms = 5000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await sleep(25);
  }
  return false;
}

if (needsRoot(t)) {
  const env = isolatedEnv('oci');
  cleanUpAfter(t, env);
  const base = path.dirname(env.TSLAB_RUN_DIR);
  const bundle = path.join(base, 'bundle');
  mkdirSync(path.join(bundle, 'rootfs'), { recursive: true });
  makeRootfs(path.join(bundle, 'rootfs'));
  const oci = (args: string[], options = {}) => tslab(env, ['oci', ...args], options);
  // The container inherits create's stdio, as runc's does: a pipe there (execa's default, or its
  // {file} targets) would stay open while the container lives, so these calls get plain file descriptors.
  const errFile = path.join(base, 'stderr.txt');
  const detached = (file = '/dev/null') => ({ stdout: openSync(file, 'a'), stderr: openSync(errFile, 'a') });
  const state = async (id: string) => JSON.parse((await oci(['state', id])).stdout) as { status: string; pid: number; id: string; bundle: string; ociVersion: string };

  await t.test('tslab spec writes a config.json, and will not overwrite one', async (t) => {
    t.equal((await tslab(env, ['spec', '--bundle', bundle])).exitCode, 0);
    t.equal(JSON.parse(readFileSync(path.join(bundle, 'config.json'), 'utf8')).root.path, 'rootfs');
    const again = await tslab(env, ['spec', '--bundle', bundle]);
    t.equal(again.exitCode, 125);
    t.match(again.stderr, /already exists/);
  });

  await t.test('create -> created, start -> running, kill -> stopped, delete -> gone', async (t) => {
    const out = path.join(base, 'out.txt');
    editConfig(bundle, (c) => {
      // PID 1 gets only the signals it handles: the shell traps TERM.
      c.process.args = ['sh', '-c', 'echo started as $(hostname); ulimit -n; trap "exit 5" TERM; sleep 100 & wait'];
      c.process.rlimits = [{ type: 'RLIMIT_NOFILE', soft: 512, hard: 1024 }];
    });
    const pidFile = path.join(base, 'pid');
    const created = await oci(['create', '--bundle', bundle, '--pid-file', pidFile, 'life'], detached(out));
    t.equal(created.exitCode, 0, readFileSync(errFile, 'utf8'));
    let s = await state('life');
    t.equal(s.status, 'created');
    t.equal(s.ociVersion, '1.0.2');
    t.equal(s.bundle, bundle);
    const shim = Number(readFileSync(pidFile, 'utf8'));
    t.equal(Number(readFileSync(`/proc/${s.pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]), shim, '--pid-file names the shim, the container process\'s parent, which ends with it');
    t.ok(existsSync(`/proc/${s.pid}`), 'the process exists before start');
    t.equal(readFileSync(out, 'utf8'), '', 'but the command has not run');

    const again = await oci(['create', '--bundle', bundle, 'life']);
    t.equal(again.exitCode, 125, 'an id is unique');
    t.match(again.stderr, /container life already exists/);

    t.equal((await oci(['start', 'life'])).exitCode, 0);
    s = await state('life');
    t.equal(s.status, 'running');
    t.ok(await until(async () => readFileSync(out, 'utf8').includes('512')), 'the command ran, with the rlimit applied');
    t.equal(readFileSync(out, 'utf8'), 'started as tslab\n512\n');
    t.equal((await oci(['start', 'life'])).exitCode, 125, 'a running container cannot be started again');
    const busy = await oci(['delete', 'life']);
    t.equal(busy.exitCode, 125, 'nor deleted without --force');
    t.match(busy.stderr, /life is running: cannot delete it/);

    t.equal((await oci(['kill', 'life', 'TERM'])).exitCode, 0);
    t.ok(await until(async () => (await state('life')).status === 'stopped'), 'stopped after SIGTERM');
    t.equal((await state('life')).pid, 0);
    t.equal((await oci(['kill', 'life', 'KILL'])).exitCode, 125, 'a stopped container has nothing to signal');
    t.match((await oci(['list'])).stdout, /^life\s+0\s+stopped/m);

    t.equal((await oci(['delete', 'life'])).exitCode, 0);
    const gone = await oci(['state', 'life']);
    t.equal(gone.exitCode, 125);
    t.match(gone.stderr, /life does not exist/);
  });

  await t.test('run: the container\'s exit code; hooks see the state; delete --force; the tslab-runtime bin', async (t) => {
    const hookOut = path.join(base, 'hooks.txt');
    editConfig(bundle, (c) => {
      c.process.args = ['sh', '-c', 'echo out; exit 7'];
      c.process.rlimits = [];
      c.hooks = {
        prestart: [{ path: '/bin/sh', args: ['sh', '-c', `cat >> ${hookOut}; echo >> ${hookOut}`] }],
        poststop: [{ path: '/bin/sh', args: ['sh', '-c', `echo poststop >> ${hookOut}`] }],
      };
    });
    const r = await execa(path.join(repoRoot, 'bin', 'tslab-runtime.js'), ['run', '--bundle', bundle, 'runner'], { env: { ...env }, reject: false, stdin: 'ignore' });
    t.equal(r.exitCode, 7, String(r.stderr));
    t.equal(r.stdout, 'out');
    const [prestart, poststop] = readFileSync(hookOut, 'utf8').trim().split('\n');
    const hookState = JSON.parse(prestart!);
    t.equal(hookState.id, 'runner');
    t.equal(hookState.status, 'created');
    t.ok(hookState.pid > 0);
    t.equal(poststop, 'poststop');
    t.equal((await oci(['list', '-q'])).stdout, '', 'run deletes the container when it ends');

    editConfig(bundle, (c) => {
      c.process.args = ['sleep', '100'];
      delete c.hooks;
    });
    t.equal((await oci(['run', '-d', '--bundle', bundle, 'forced'], detached())).exitCode, 0);
    t.equal((await state('forced')).status, 'running');
    t.equal((await oci(['delete', '--force', 'forced'])).exitCode, 0);
    t.equal((await oci(['create', '--bundle', bundle, 'never'], detached())).exitCode, 0);
    t.equal((await oci(['delete', 'never'])).exitCode, 0, 'a created container can be deleted');
  });

  await t.test('an unsupported field is refused by name, before anything is made', async (t) => {
    const cases: Array<[string, (c: OciConfig) => void]> = [
      // linux.seccomp is honoured since the security merge; linux.intelRdt is still refused.
      ['linux.intelRdt', (c) => (c.linux!.intelRdt = { closID: 'x' })],
      ['process.apparmorProfile', (c) => (c.process.apparmorProfile = 'x')],
      ['root.readonly', (c) => (c.root.readonly = true)],
      ['linux.resources.memory.swap', (c) => (c.linux!.resources = { memory: { limit: 1e8, swap: 2e8 } })],
      ['mounts[6] (/data) of type nfs', (c) => c.mounts!.push({ destination: '/data', type: 'nfs', source: 'x' })],
    ];
    for (const [field, edit] of cases) {
      editConfig(bundle, (c) => {
        c.root.readonly = false;
        delete c.linux!.intelRdt;
        delete c.process.apparmorProfile;
        c.linux!.resources = {};
        c.mounts = c.mounts!.slice(0, 6);
        edit(c);
      });
      const r = await oci(['create', '--bundle', bundle, 'refused']);
      t.equal(r.exitCode, 125, field);
      t.match(r.stderr, `config.json: ${field} is not supported by tslab`);
      t.equal((await oci(['list', '-q'])).stdout, '', 'no record');
    }
  });

  await t.test('gc --all deletes what the runtime made, even a created container whose holder waits', async (t) => {
    editConfig(bundle, (c) => {
      c.linux!.resources = {};
      c.mounts = c.mounts!.slice(0, 6);
    });
    t.equal((await oci(['create', '--bundle', bundle, 'waiting'], detached())).exitCode, 0);
    const r = await tslab(env, ['gc', '--all']);
    t.match(r.stdout, /removed oci container waiting/);
    t.equal((await oci(['list', '-q'])).stdout, '');
  });

  await assertNothingLeft(t, env);
}
