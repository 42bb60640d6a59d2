/**
 * Networking as a user meets it: the CLI as a process, the real kernel, traffic
 * only to loopback and to the containers this file made. Ends with the host's
 * iptables outside tslab's chains exactly as they were, and nothing left.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readlinkSync, existsSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import t from 'tap';
import { assertNothingLeft, cleanUpAfter, isolatedEnv, needsRoot, tslab, sleep, type TslabEnv } from '../helpers/tslab.js';

interface NetState { ip: string; mac: string; gateway: string; netns: string; ports: unknown[] }
interface Inspected { id: string; pid: number; namespaces: Record<string, number>; network?: NetState }

/** iptables-save of both tables without tslab's lines, counters and timestamps. */
function hostRules(): string {
  return ['nat', 'filter']
    .map((table) => execFileSync('iptables-save', ['-t', table], { encoding: 'utf8' }))
    .join('')
    .split('\n')
    .filter((l) => !l.startsWith('#') && !l.includes('TSLAB'))
    .map((l) => l.replace(/ \[\d+:\d+\]$/, ''))
    .join('\n');
}

function get(host: string, port: number, pathName = '/'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host, port, path: pathName, timeout: 3000 }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

async function getRetry(host: string, port: number): Promise<{ status: number; body: string }> {
  let last: unknown;
  for (let i = 0; i < 30; i++) {
    try {
      return await get(host, port);
    } catch (error) {
      last = error;
      await sleep(100);
    }
  }
  throw last;
}

async function inspect(env: TslabEnv, name: string): Promise<Inspected> {
  const r = await tslab(env, ['inspect', name]);
  return (JSON.parse(r.stdout) as Inspected[])[0]!;
}

/** busybox httpd serving TEXT at / on port 80. */
const web = (text: string) => ['sh', '-c', `mkdir -p /www && echo ${text} > /www/index.html && exec httpd -f -p 80 -h /www`];

function networkFiles(env: TslabEnv): string[] {
  const dir = path.join(env.TSLAB_DATA_DIR, 'network', 'attachments');
  return existsSync(dir) ? readdirSync(dir) : [];
}

if (needsRoot(t)) {
  // 20 containers on a small CI machine take a while; busybox's `wget -T` crashes, so `timeout` bounds waits (with --init: PID 1 ignores its SIGTERM).
  t.setTimeout(600_000);
  const env = isolatedEnv('network');
  cleanUpAfter(t, env);
  const rulesBefore = hostRules();
  const seen = new Set<string>();
  const run = async (args: string[]) => {
    const r = await tslab(env, ['run', ...args]);
    if (args.includes('-d') && r.exitCode === 0) seen.add(r.stdout.trim());
    return r;
  };
  const hostPort = 18080;

  await t.test('-p 18080:80: the host reaches busybox httpd at 127.0.0.1 and at the gateway', async (t) => {
    const r = await run(['-d', '--name', 'web', '-p', `${hostPort}:80`, 'busybox', ...web('hello-web')]);
    t.equal(r.exitCode, 0, r.stderr);
    const state = await inspect(env, 'web');
    t.match(state.network, { ip: /^10\.9\d\.\d+\.2$/, mac: /^02:42:/, gateway: /\.1$/, netns: `tslab-${state.id}` });
    t.same(state.network?.ports, [{ hostPort, containerPort: 80, protocol: 'tcp' }]);
    t.equal((await getRetry('127.0.0.1', hostPort)).body, 'hello-web\n', '127.0.0.1:18080');
    t.equal((await getRetry(state.network!.gateway, hostPort)).body, 'hello-web\n', 'gateway:18080');
    t.equal((await tslab(env, ['port', 'web'])).stdout, `80/tcp -> 0.0.0.0:${hostPort}`);
    t.match((await tslab(env, ['ps'])).stdout, new RegExp(`\\bweb\\b.*0\\.0\\.0\\.0:${hostPort}->80/tcp$`, 'm'), 'ps shows the published port');
    const inside = await tslab(env, ['exec', 'web', 'ip', '-o', 'route']);
    t.match(inside.stdout, new RegExp(`default via ${state.network!.gateway.replaceAll('.', '\\.')} dev eth0`));
  });

  await t.test('a second container asking for the same host port is refused, cleanly', async (t) => {
    const before = networkFiles(env);
    const r = await run(['--rm', '-p', `${hostPort}:80`, 'busybox', 'true']);
    t.equal(r.exitCode, 125);
    t.match(r.stderr, /already published by container/);
    t.match(r.stderr, /hint:/);
    t.same(networkFiles(env), before, 'no allocation left');
    t.equal((await tslab(env, ['ps', '-a', '--json'])).stdout.match(/"id"/g)?.length, 1, 'only web exists');
  });

  await t.test('two containers on the default network reach each other by IP', async (t) => {
    const a = await inspect(env, 'web');
    const r = await run(['--rm', '--init', 'busybox', 'timeout', '5', 'wget', '-q', '-O', '-', `http://${a.network!.ip}/`]);
    t.equal(r.stdout, 'hello-web', r.stderr);
  });

  const netName = `tn${process.pid}`;
  await t.test('a user network: its containers reach each other, not the default network\'s', async (t) => {
    const created = await tslab(env, ['network', 'create', netName]);
    t.equal(created.exitCode, 0, created.stderr);
    const [view] = JSON.parse((await tslab(env, ['network', 'inspect', netName])).stdout) as Array<{ subnet: string; bridge: string }>;
    t.match(view!.subnet, /^10\.\d+\.\d+\.0\/24$/);
    t.ok(existsSync(`/sys/class/net/${view!.bridge}`), 'its bridge exists');
    t.equal((await run(['-d', '--name', 'other', '--net', netName, 'busybox', ...web('hello-other')])).exitCode, 0);
    const other = await inspect(env, 'other');
    const web1 = await inspect(env, 'web');
    const same = await run(['--rm', '--init', '--net', netName, 'busybox', 'timeout', '5', 'wget', '-q', '-O', '-', `http://${other.network!.ip}/`]);
    t.equal(same.stdout, 'hello-other', `same network: ${same.stderr}`);
    const cross = await run(['--rm', '--init', '--net', netName, 'busybox', 'timeout', '3', 'wget', '-q', '-O', '-', `http://${web1.network!.ip}/`]);
    t.not(cross.exitCode, 0, 'another network cannot reach the default one');
    const back = await run(['--rm', '--init', 'busybox', 'timeout', '3', 'wget', '-q', '-O', '-', `http://${other.network!.ip}/`]);
    t.not(back.exitCode, 0, 'nor the other way round');
    const inUse = await tslab(env, ['network', 'rm', netName]);
    t.equal(inUse.exitCode, 125, 'a network in use is not removed');
    t.equal((await tslab(env, ['rm', '-f', 'other'])).exitCode, 0);
  });

  await t.test('--net none has only lo; --net container:web shares web\'s netns; --net host is the host\'s', async (t) => {
    const none = await run(['--rm', '--net', 'none', 'busybox', 'sh', '-c', 'ls /sys/class/net; cat /sys/class/net/lo/operstate']);
    t.equal(none.stdout, 'lo\nunknown', none.stderr); // loopback's operstate is "unknown" when up, "down" when not
    const web1 = await inspect(env, 'web');
    const shared = await run(['--rm', '--net', 'container:web', 'busybox', 'readlink', '/proc/self/ns/net']);
    t.equal(shared.stdout, readlinkSync(`/proc/${web1.pid}/ns/net`), shared.stderr);
    const host = await run(['--rm', '--net', 'host', 'busybox', 'readlink', '/proc/self/ns/net']);
    t.equal(host.stdout, readlinkSync('/proc/self/ns/net'), host.stderr);
  });

  await t.test('bad input: exit 125, a hint, nothing half-made', async (t) => {
    const before = networkFiles(env);
    const cases: Array<[string[], RegExp]> = [
      [['run', '--rm', '-p', '80', 'busybox', 'true'], /invalid port mapping/],
      [['run', '--rm', '-p', '8080:99999', 'busybox', 'true'], /between 1 and 65535/],
      [['run', '--rm', '--net', 'no-such-net', 'busybox', 'true'], /no such network/],
      [['run', '--rm', '--net', 'container:nobody', 'busybox', 'true'], /no such container/],
      [['run', '--rm', '--net', 'host', '-p', '8080:80', 'busybox', 'true'], /-p cannot be used with --net host/],
      [['network', 'create', '--subnet', env.TSLAB_SUBNET, 'overlapping'], /overlaps/],
      [['network', 'create', '--subnet', '10.89.0.5/24', 'hostbits'], /host bits/],
    ];
    for (const [args, message] of cases) {
      const r = await tslab(env, args);
      t.equal(r.exitCode, 125, args.join(' '));
      t.match(r.stderr, message, args.join(' '));
      t.match(r.stderr, /hint:/, args.join(' '));
    }
    const stopped = await run(['--name', 'stopped', 'busybox', 'true']);
    t.equal(stopped.exitCode, 0);
    const notRunning = await tslab(env, ['run', '--rm', '--net', 'container:stopped', 'busybox', 'true']);
    t.equal(notRunning.exitCode, 125);
    t.match(notRunning.stderr, /not running/);
    await tslab(env, ['rm', 'stopped']);
    t.same(networkFiles(env), before, 'no allocation left');
    t.equal((await tslab(env, ['network', 'ls', '--json'])).stdout.includes('overlapping'), false);
  });

  await t.test('20 containers started at once get 20 distinct addresses and all answer', async (t) => {
    const names = Array.from({ length: 20 }, (_, i) => `par${i}`);
    const results = await Promise.all(names.map((name) => run(['-d', '--name', name, 'busybox', ...web(name)])));
    for (const [i, r] of results.entries()) t.equal(r.exitCode, 0, `${names[i]}: ${r.stderr}`);
    const states = await Promise.all(names.map((name) => inspect(env, name)));
    const ips = states.map((s) => s.network?.ip);
    t.equal(new Set(ips).size, 20, `distinct: ${ips.join(' ')}`);
    const bodies = await Promise.all(states.map((s) => getRetry(s.network!.ip, 80).then((r) => r.body.trim(), (e: Error) => e.message)));
    t.same(bodies, names);
    const removed = await Promise.all(names.map((name) => tslab(env, ['rm', '-f', name])));
    t.ok(removed.every((r) => r.exitCode === 0), 'all removed');
  });

  await t.test('after the last container and network go, the host is as it was', async (t) => {
    t.equal((await tslab(env, ['rm', '-f', 'web'])).exitCode, 0);
    t.equal((await tslab(env, ['network', 'rm', netName])).exitCode, 0);
    t.same(networkFiles(env), [], 'every address released');
    t.equal(hostRules(), rulesBefore, 'iptables-save outside TSLAB-* is byte-identical');
    t.notMatch(execFileSync('iptables-save', { encoding: 'utf8' }), new RegExp(env.TSLAB_CHAIN_PREFIX), 'no chain of this run left');
    const links = readdirSync('/sys/class/net');
    for (const id of seen) {
      t.notOk(links.includes(`tsl${id}`), `veth tsl${id} gone`);
      t.notOk(existsSync(`/run/netns/tslab-${id}`), `netns tslab-${id} gone`);
    }
    t.notOk(links.includes(env.TSLAB_BRIDGE), 'default bridge gone');
  });

  await assertNothingLeft(t, env);
}
