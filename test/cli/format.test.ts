/**
 * --format and -q as docker has them, on real containers: docker recipes run
 * verbatim (through a shell, as a learner types them), inspect's docker names,
 * and the cgroup namespace inode that is the container's own.
 */
import { readlinkSync } from 'node:fs';
import { execa } from 'execa';
import t from 'tap';
import type { ContainerInspection } from '../../src/engine/lifecycle/inspect.js';
import { assertNothingLeft, cleanUpAfter, isolatedEnv, needsRoot, tslab, tslabBin } from '../helpers/tslab.js';

if (needsRoot(t)) {
  const env = isolatedEnv('format');
  cleanUpAfter(t, env);
  /** A line as a learner types it in bash, with `tslab` meaning this build. */
  const shell = async (line: string) => {
    const r = await execa('bash', ['-c', `tslab() { ${JSON.stringify(process.execPath)} ${JSON.stringify(tslabBin)} "$@"; }\n${line}`], { env, reject: false });
    return { stdout: String(r.stdout), stderr: String(r.stderr), exitCode: r.exitCode };
  };

  await t.test('inspect answers docker recipes with the container\'s own values', async (t) => {
    const run = await tslab(env, ['run', '-d', '--name', 'web', '--memory', '64m', '--cpus', '0.5', '-v', '/tmp:/data:ro', '-p', '18099:80', 'busybox', 'sleep', '300']);
    t.equal(run.exitCode, 0, run.stderr);
    const [full] = JSON.parse((await tslab(env, ['inspect', 'web'])).stdout) as ContainerInspection[];
    const pid = (await shell("tslab inspect --format '{{.State.Pid}}' web")).stdout;
    t.equal(pid, String(full!.pid), 'State.Pid is the pid tslab records');
    t.equal((await shell("tslab inspect -f '{{.State.Status}} {{.State.Running}} {{.State.ExitCode}} {{.State.OOMKilled}}' web")).stdout, 'running true 0 false');
    const ip = (await shell("tslab inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' web")).stdout;
    t.match(ip, /^10\.\d+\.\d+\.\d+$/);
    t.equal((await shell("tslab inspect --format='{{.NetworkSettings.IPAddress}}' web")).stdout, ip);
    t.equal((await shell("tslab inspect -f '{{.HostConfig.Memory}} {{.HostConfig.NanoCpus}}' web")).stdout, `${64 * 1024 * 1024} 500000000`);
    t.same(JSON.parse((await shell("tslab inspect -f '{{json .Mounts}}' web")).stdout), [{ Type: 'bind', Source: '/tmp', Destination: '/data', Mode: 'ro', RW: false, Propagation: 'rprivate' }]);
    t.equal((await shell(`tslab inspect -f '{{(index (index .NetworkSettings.Ports "80/tcp") 0).HostPort}}' web`)).exitCode, 125, 'a parenthesised pipeline is beyond the subset, and says so');
    t.equal((await shell(`tslab inspect -f '{{index .NetworkSettings.Ports "80/tcp"}}' web`)).stdout, '[map[HostIp:0.0.0.0 HostPort:18099]]', 'Go prints maps and lists as docker would');
    const bad = await shell("tslab inspect -f '{{.State.Pidd}}' web");
    t.equal(bad.exitCode, 125);
    t.match(bad.stderr, /can't evaluate field Pidd\n {2}hint: fields here: .*Pid/);

    // The cgroup namespace is unshared inside, after the process joined its cgroup: the record must say so.
    t.equal(full!.namespaces.cgroup, full!.live?.namespaces.cgroup, 'namespaces.cgroup is the container\'s, as live shows');
    t.not(full!.namespaces.cgroup, Number(/\[(\d+)\]/.exec(readlinkSync('/proc/self/ns/cgroup'))![1]), 'not the host\'s');
  });

  await t.test('ps and network ls: -q, --format, table with headers', async (t) => {
    await tslab(env, ['run', '-d', '--net', 'none', '--name', 'db', 'busybox', 'sleep', '300']);
    const ids = (await shell('tslab ps -q')).stdout.split('\n');
    t.equal(ids.length, 2);
    for (const id of ids) t.match(id, /^[0-9a-f]{12}$/);
    t.equal((await shell("tslab ps --format '{{.Names}}' | sort | tr '\\n' ' '")).stdout, 'db web ');
    const table = (await shell("tslab ps --format 'table {{.ID}}\\t{{.Names}}\\t{{.Status}}'")).stdout.split('\n');
    t.match(table[0], /^CONTAINER ID {3}NAMES {5}STATUS$/, 'docker\'s headers, columns aligned');
    t.match(table[1], /^[0-9a-f]{12} {3}(web|db) +Up \d+ seconds?$/);
    t.equal((await shell(`tslab ps --format '{{.Names}}{{"\\t"}}{{.State}}' | grep web`)).stdout, 'web\trunning');
    t.equal((await shell("tslab network ls -q")).stdout, 'bridge');
    t.match((await shell("tslab network ls --format 'table {{.Name}}\\t{{.Subnet}}'")).stdout, /^NAME {6}SUBNET\nbridge {4}10\.\d+\.\d+\.0\/24$/);
    const rm = await shell('tslab rm -f $(tslab ps -aq)');
    t.equal(rm.exitCode, 0, rm.stderr);
    t.equal((await shell('tslab ps -aq')).stdout, '');
  });

  await assertNothingLeft(t, env);
}
