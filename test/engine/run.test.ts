/**
 * `tslab run` as a user meets it: the CLI as a process, on the real kernel,
 * asserting from inside the container what the kernel reports.
 */
import { existsSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import t from 'tap';
import { assertNothingLeft, cleanUpAfter, hostCgroups, isolatedEnv, memoryLimitFile, needsRoot, tslab } from '../helpers/tslab.js';

if (needsRoot(t)) {
  const env = isolatedEnv('run');
  cleanUpAfter(t, env);

  await t.test('hello: the quick start command works', async (t) => {
    const r = await tslab(env, ['run', '--rm', 'busybox', 'echo', 'hello']);
    t.equal(r.stdout, 'hello');
    t.equal(r.exitCode, 0);
  });

  await t.test('hostname inside differs; the host keeps its own', async (t) => {
    const before = hostname();
    const r = await tslab(env, ['run', '--rm', '--hostname', 'inside-box', 'busybox', 'hostname']);
    t.equal(r.stdout, 'inside-box');
    t.equal(hostname(), before);
    t.not(before, 'inside-box');
  });

  await t.test('the command is PID 1 and its namespaces differ from the host', async (t) => {
    const r = await tslab(env, ['run', '--rm', 'busybox', 'sh', '-c', 'ps -o pid,args; for n in pid uts ipc mnt net; do echo "$n $(readlink /proc/1/ns/$n)"; done']);
    t.equal(r.exitCode, 0, r.stderr);
    const lines = r.stdout.split('\n');
    t.match(lines[1] ?? '', /^\s*1\s+sh -c ps/, 'ps shows the command as PID 1');
    for (const ns of ['pid', 'uts', 'ipc', 'mnt', 'net']) {
      const inside = lines.find((l) => l.startsWith(`${ns} `))?.split(' ')[1];
      t.ok(inside, `${ns} namespace read inside`);
      t.not(inside, readlinkSync(`/proc/self/ns/${ns}`), `${ns} namespace differs from the host's`);
    }
  });

  await t.test('a host file is not visible inside; writes land in the upper layer only', async (t) => {
    const marker = `/tmp/tslab-host-only-${process.pid}`;
    writeFileSync(marker, 'host');
    t.teardown(() => rmSync(marker, { force: true }));
    const r = await tslab(env, ['run', '--name', 'writer', 'busybox', 'sh', '-c', `test ! -e ${marker} && echo written > /etc/from-inside && echo ok`]);
    t.equal(r.stdout, 'ok', r.stderr);
    const [state] = JSON.parse((await tslab(env, ['inspect', 'writer'])).stdout) as Array<{ rootfs: { upper: string; lower: string[] } }>;
    t.equal(readFileSync(path.join(state!.rootfs.upper, 'etc', 'from-inside'), 'utf8'), 'written\n');
    t.notOk(existsSync(path.join(state!.rootfs.lower[0]!, 'etc', 'from-inside')), 'the sandbox (lower layer) is unchanged');
    t.equal((await tslab(env, ['rm', 'writer'])).exitCode, 0);
  });

  await t.test('exit codes: the command\'s own, 127 not found, 126 not executable', async (t) => {
    t.equal((await tslab(env, ['run', '--rm', 'busybox', 'sh', '-c', 'exit 3'])).exitCode, 3);
    const notFound = await tslab(env, ['run', '--rm', 'busybox', 'no-such-command']);
    t.equal(notFound.exitCode, 127);
    t.match(notFound.stderr, /not found/);
    t.match(notFound.stderr, /hint:/);
    const notExecutable = await tslab(env, ['run', '--rm', 'busybox', '/etc/passwd']);
    t.equal(notExecutable.exitCode, 126);
  });

  await t.test('--memory 32m: a 64 MiB allocation is OOM-killed (137, OOMKilled)', async (t) => {
    const r = await tslab(env, ['run', '--name', 'oom', '--memory', '32m', 'busybox', 'dd', 'if=/dev/zero', 'of=/dev/null', 'bs=64M', 'count=1']);
    t.equal(r.exitCode, 137);
    const [state] = JSON.parse((await tslab(env, ['inspect', 'oom'])).stdout) as Array<{ oomKilled: boolean; exitCode: number }>;
    t.equal(state!.oomKilled, true);
    t.equal(state!.exitCode, 137);
    await tslab(env, ['rm', 'oom']);
  });

  await t.test('without a limit, the same allocation succeeds (so the OOM test can fail)', async (t) => {
    const r = await tslab(env, ['run', '--rm', '--memory', '256m', 'busybox', 'dd', 'if=/dev/zero', 'of=/dev/null', 'bs=64M', 'count=1']);
    t.equal(r.exitCode, 0, r.stderr);
  });

  await t.test('--pids-limit 10 stops a fork loop', async (t) => {
    const r = await tslab(env, ['run', '--rm', '--pids-limit', '10', 'busybox', 'sh', '-c', 'i=0; while [ $i -lt 30 ]; do sleep 3 & i=$((i+1)); done; echo started $i']);
    t.match(r.stderr, /can't fork|Resource temporarily unavailable/);
  });

  await t.test('--userns: root inside is an unprivileged uid on the host', async (t) => {
    const start = await tslab(env, ['run', '-d', '--name', 'userns', '--userns', 'busybox', 'sleep', '60']);
    t.equal(start.exitCode, 0, start.stderr);
    const inside = await tslab(env, ['exec', 'userns', 'id', '-u']);
    t.equal(inside.stdout, '0');
    const [state] = JSON.parse((await tslab(env, ['inspect', 'userns'])).stdout) as Array<{ pid: number }>;
    const uidLine = readFileSync(`/proc/${state!.pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('Uid:'));
    t.match(uidLine, /^Uid:\s+100000\s/);
    await tslab(env, ['rm', '-f', 'userns']);
  });

  await t.test('-e, -w and volumes: read-only stays read-only, read-write reaches the host', async (t) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tslab-volume-'));
    t.teardown(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(path.join(dir, 'from-host'), 'hello volume\n');
    const r = await tslab(env, [
      'run', '--rm', '-e', 'GREETING=hi there', '-w', '/data', '-v', `${dir}:/data`, '-v', `${dir}:/ro:ro`, 'busybox', 'sh', '-c',
      'echo "$GREETING"; pwd; cat from-host; echo written > from-container; echo x > /ro/nope || echo read-only refused',
    ]);
    t.equal(r.exitCode, 0, r.stderr);
    t.same(r.stdout.split('\n'), ['hi there', '/data', 'hello volume', 'read-only refused']);
    t.equal(readFileSync(path.join(dir, 'from-container'), 'utf8'), 'written\n');
    t.notOk(existsSync(path.join(dir, 'nope')));
  });

  await t.test('inspect: pid, namespaces, cgroup, mounts and limits as the kernel reports them', async (t) => {
    t.equal((await tslab(env, ['run', '-d', '--name', 'seen', '--memory', '64m', '--pids-limit', '20', 'busybox', 'sleep', '60'])).exitCode, 0);
    t.teardown(() => tslab(env, ['rm', '-f', 'seen']));
    const [state] = JSON.parse((await tslab(env, ['inspect', 'seen'])).stdout) as Array<{
      pid: number;
      status: string;
      spec: { resources: { memoryBytes: number; pidsMax: number } };
      cgroupPaths: string[];
      namespaces: Record<string, number>;
      live: { namespaces: Record<string, number>; mounts: Array<{ target: string; type: string }>; cgroup: { pidsCurrent: number } };
    }>;
    t.equal(state!.status, 'running');
    // The limits asked for, beside the device rules every container gets.
    t.match(state!.spec.resources, { memoryBytes: 64 * 1024 * 1024, pidsMax: 20 });
    t.notOk('cpus' in state!.spec.resources, 'no CPU limit was asked for');
    t.equal(state!.live.namespaces.pid, statSync(`/proc/${state!.pid}/ns/pid`).ino, 'namespace inodes from /proc/PID/ns');
    t.not(state!.live.namespaces.pid, statSync('/proc/self/ns/pid').ino);
    const limitFile = memoryLimitFile(hostCgroups(), state!.cgroupPaths);
    t.ok(limitFile, `a memory cgroup among ${state!.cgroupPaths.join(' ')}`);
    t.equal(readFileSync(limitFile!, 'utf8').trim(), String(64 * 1024 * 1024), `the limit in ${limitFile}`);
    t.match(readFileSync(path.join(path.dirname(limitFile!), 'cgroup.procs'), 'utf8'), new RegExp(`^${state!.pid}$`, 'm'));
    t.equal(state!.live.cgroup.pidsCurrent, 1);
    t.ok(state!.live.mounts.some((m) => m.target === '/' && m.type === 'overlay'), 'the root is the overlay');
    t.ok(state!.live.mounts.some((m) => m.target === '/proc' && m.type === 'proc'));
  });

  await assertNothingLeft(t, env);
}
