/**
 * Bad input, the way a user meets it: one clear line, a hint, exit 125, and
 * nothing left behind on the host.
 */
import t from 'tap';
import { assertNothingLeft, cleanUpAfter, isolatedEnv, leftovers, needsRoot, tslab } from '../helpers/tslab.js';

if (needsRoot(t)) {
  const env = isolatedEnv('bad');
  cleanUpAfter(t, env);

  const cases: Array<[string, string[], RegExp]> = [
    ['unknown sandbox', ['run', 'alpine', 'true'], /unknown sandbox "alpine"/],
    ['missing rootfs', ['run', '--rootfs', '/nonexistent/rootfs', 'sh'], /is not a directory/],
    ['bad size', ['run', '--memory', '12x', 'busybox', 'true'], /invalid size for --memory/],
    ['negative cpus', ['run', '--cpus', '-1', 'busybox', 'true'], /--cpus must be a positive number/],
    ['invalid name', ['run', '--name', 'bad/name', 'busybox', 'true'], /invalid container name/],
    ['missing volume source', ['run', '-v', '/nonexistent/src:/data', 'busybox', 'true'], /volume source \/nonexistent\/src does not exist/],
    ['unknown option', ['run', '--frobnicate', 'busybox'], /unknown option --frobnicate/],
    ['unknown container', ['stop', 'nobody-here'], /no such container: nobody-here/],
    ['unknown command', ['frobnicate'], /unknown command/],
    ['run without a sandbox', ['run', '--rm'], /run needs a sandbox/],
    ['cpus in hex', ['run', '--cpus', '0x1', 'busybox', 'true'], /--cpus must be a positive number, got "0x1"/],
    ['a volume over the root', ['run', '-v', '/tmp:/', 'busybox', 'true'], /would replace the container's root/],
    ['exec with an empty env name', ['exec', '-e', '=x', 'nobody-here', 'true'], /invalid environment variable "=x"/],
    ...['127.0.0.0/24', '0.0.0.0/24', '224.0.0.0/24', '169.254.0.0/24', '255.255.255.0/24'].map(
      (subnet): [string, string[], RegExp] => [`network on ${subnet}`, ['network', 'create', '--subnet', subnet, 'badnet'], /cannot hold containers' addresses/],
    ),
  ];
  for (const [what, args, message] of cases) {
    await t.test(what, async (t) => {
      const r = await tslab(env, args);
      t.equal(r.exitCode, 125);
      const lines = r.stderr.split('\n');
      t.match(lines[0], message);
      t.match(lines[0], /^tslab: /, 'one line saying what is wrong');
      t.match(lines[1], /^ {2}hint: \S/, 'then a hint');
      t.equal(lines.length, 2, 'and nothing else (no stack trace)');
      t.same(leftovers(env), [], 'nothing made');
    });
  }

  await t.test('a duplicate name is refused and the first container is untouched', async (t) => {
    t.equal((await tslab(env, ['run', '-d', '--name', 'dup', 'busybox', 'sleep', '60'])).exitCode, 0);
    const second = await tslab(env, ['run', '--name', 'dup', 'busybox', 'true']);
    t.equal(second.exitCode, 125);
    t.match(second.stderr, /already used/);
    t.match(second.stderr, /hint: .*tslab rm -f dup/);
    t.match((await tslab(env, ['ps'])).stdout, /dup\s+busybox\s+sleep 60\s+Up/);
    await tslab(env, ['rm', '-f', 'dup']);
  });

  await t.test('running without root is refused before anything is made', async (t) => {
    const r = await tslab(env, ['run', '--rm', 'busybox', 'true'], { uid: 65534, gid: 65534 });
    t.equal(r.exitCode, 125);
    t.match(r.stderr, /needs root/);
    t.match(r.stderr, /hint: run it as root: sudo tslab run/);
  });

  await assertNothingLeft(t, env);
}
