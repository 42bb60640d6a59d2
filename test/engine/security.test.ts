/**
 * The security defaults, checked from inside a container against the kernel:
 * the seccomp filter refuses what docker's refuses (EPERM) and only the filter
 * does (unconfined lets the same call through), a dropped capability is
 * refused, a host device can be made but not opened, exec'd processes get the
 * same limits, and --privileged removes them all.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { assertNothingLeft, cleanUpAfter, isolatedEnv, needsRoot, tslab } from '../helpers/tslab.js';

if (needsRoot(t)) {
  const env = isolatedEnv('security');
  cleanUpAfter(t, env);
  const inside = (options: string[], script: string) => tslab(env, ['run', '--rm', '--net', 'none', ...options, 'busybox', 'sh', '-c', script]);
  const v1Devices = readFileSync('/proc/self/mountinfo', 'utf8').includes(' /sys/fs/cgroup/devices ');

  await t.test('the default seccomp filter refuses a new user namespace with EPERM; unconfined allows it', async (t) => {
    const filtered = await inside([], 'grep Seccomp: /proc/self/status; unshare -U true; echo status=$?');
    t.match(filtered.stdout, /Seccomp:\s+2/, 'a filter is installed');
    t.match(filtered.stderr, /unshare\(0x10000000\): Operation not permitted/);
    t.match(filtered.stdout, /status=1/);
    const unconfined = await inside(['--security-opt', 'seccomp=unconfined'], 'grep Seccomp: /proc/self/status; unshare -U true; echo status=$?');
    t.match(unconfined.stdout, /Seccomp:\s+0/);
    t.match(unconfined.stdout, /status=0/, 'the same call passes without the filter: the filter is what refused it');
  });

  await t.test('--security-opt seccomp=FILE takes a docker/OCI profile', async (t) => {
    const file = path.join(path.dirname(env.TSLAB_RUN_DIR), 'no-mkdir.json');
    writeFileSync(file, JSON.stringify({ defaultAction: 'SCMP_ACT_ALLOW', syscalls: [{ names: ['mkdir', 'mkdirat'], action: 'SCMP_ACT_ERRNO', errnoRet: 1 }] }));
    const r = await inside(['--security-opt', `seccomp=${file}`], 'mkdir /tmp/d; echo status=$?; touch /tmp/f && echo touch-ok');
    t.match(r.stderr, /can't create directory '\/tmp\/d': Operation not permitted/);
    t.match(r.stdout, /status=1\ntouch-ok/);
  });

  await t.test('capabilities: NET_ADMIN is not kept by default, --cap-add gives it, --cap-drop takes CHOWN', async (t) => {
    const script = 'ip link add v0 type veth peer name v1 && echo added; touch /tmp/f; chown 5 /tmp/f && echo chowned';
    const plain = await inside([], script);
    t.match(plain.stderr, /Operation not permitted/);
    t.notMatch(plain.stdout, /added/);
    t.match(plain.stdout, /chowned/);
    const adjusted = await inside(['--cap-add', 'NET_ADMIN', '--cap-drop', 'CAP_CHOWN'], script);
    t.match(adjusted.stdout, /added/, 'NET_ADMIN given back');
    t.notMatch(adjusted.stdout, /chowned/, 'CHOWN taken away');
    t.match(adjusted.stderr, /chown: \/tmp\/f: Operation not permitted/);
  });

  await t.test('a host device can be made but not opened; the standard ones work', async (t) => {
    const script = 'mknod /tmp/lc c 10 237 && echo made; (exec 3</tmp/lc) && echo opened; echo x >/dev/null && head -c 4 /dev/urandom | wc -c';
    const r = await inside([], script);
    t.match(r.stdout, /made/, 'mknod is allowed (CAP_MKNOD), as in docker');
    if (v1Devices) {
      t.notMatch(r.stdout, /opened/, 'opening /dev/loop-control is refused by the device cgroup');
      t.match(r.stderr, /can't open '?\/tmp\/lc'?: Operation not permitted/);
    } else {
      t.notMatch(r.stdout, /opened/, 'opening /dev/loop-control is refused', { todo: 'on cgroup v2 the device program is built but not attached yet (issue 12, section 2)' });
    }
    t.match(r.stdout, /\n4\n?$/, '/dev/null and /dev/urandom still work');
  });

  await t.test('exec gets the container\'s filter and capabilities', async (t) => {
    t.equal((await tslab(env, ['run', '-d', '--net', 'none', '--name', 'guarded', 'busybox', 'sleep', '300'])).exitCode, 0);
    const r = await tslab(env, ['exec', 'guarded', 'grep', '-E', 'Seccomp:|CapBnd', '/proc/self/status']);
    t.match(r.stdout, /CapBnd:\s+00000000a80425fb/);
    t.match(r.stdout, /Seccomp:\s+2/);
    await tslab(env, ['rm', '-f', 'guarded']);
  });

  await t.test('/proc/sysrq-trigger is read-only where the kernel has it', async (t) => {
    const r = await inside([], 'grep -c " /proc/sysrq-trigger ro," /proc/self/mountinfo');
    t.equal(r.stdout.trim(), existsSync('/proc/sysrq-trigger') ? '1' : '0', existsSync('/proc/sysrq-trigger') ? 'mounted read-only' : 'this kernel has no sysrq-trigger');
  });

  await t.test('--privileged: every capability the host has, no filter, nothing masked, every device', async (t) => {
    const hostBounding = /CapBnd:\s+(\S+)/.exec(readFileSync('/proc/self/status', 'utf8'))![1];
    const r = await inside(['--privileged'], 'grep -E "Seccomp:|CapBnd|NoNewPrivs" /proc/self/status; grep -c /proc/keys /proc/self/mountinfo; mknod /tmp/lc c 10 237; (exec 3</tmp/lc) && echo opened');
    t.match(r.stdout, new RegExp(`CapBnd:\\s+${hostBounding}`));
    t.match(r.stdout, /NoNewPrivs:\s+0/);
    t.match(r.stdout, /Seccomp:\s+0/);
    t.match(r.stdout, /\n0\n/, '/proc/keys is not masked');
    t.match(r.stdout, /opened/);
  });

  await t.test('bad security options are refused before anything is made', async (t) => {
    for (const [args, message] of [
      [['--cap-add', 'FLY'], /--cap-add: unknown capability "FLY"/],
      [['--security-opt', 'seccomp=/nonexistent.json'], /could not be read as JSON/],
      [['--security-opt', 'apparmor=x'], /unknown --security-opt "apparmor=x"/],
    ] as Array<[string[], RegExp]>) {
      const r = await inside(args, 'true');
      t.equal(r.exitCode, 125);
      t.match(r.stderr, message);
      t.match(r.stderr, /hint: /);
    }
  });

  await assertNothingLeft(t, env);
}
