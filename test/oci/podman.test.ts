/**
 * podman drives tslab as its OCI runtime (--runtime tslab-runtime): run --rm
 * with the exit code, --network none and podman's default network, -d then
 * exec and stop. podman gets storage, run and temp roots of its own in a temp
 * dir, so the host's podman state is never touched; its image comes from
 * `podman import` of a root filesystem tar this test builds.
 * On this machine root cannot raise rlimits, hence the --ulimit options.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { execa } from 'execa';
import t from 'tap';
import { assertNothingLeft, cleanUpAfter, isolatedEnv, needsRoot, repoRoot } from '../helpers/tslab.js';
import { layerTar, type FixtureEntry } from '../image/fixtures.js';

const APPLETS = ['sh', 'echo', 'hostname', 'ip', 'sleep', 'cat', 'grep'];

if (needsRoot(t)) {
  const env = isolatedEnv('podman');
  cleanUpAfter(t, env);
  const base = path.dirname(env.TSLAB_RUN_DIR);
  mkdirSync(base, { recursive: true });
  const roots = ['--root', path.join(base, 'podman-storage'), '--runroot', path.join(base, 'podman-run'), '--tmpdir', path.join(base, 'podman-tmp')];
  const podmanArgs = [...roots, '--storage-driver', 'vfs', '--cgroup-manager', 'cgroupfs', '--events-backend', 'file', '--runtime', path.join(repoRoot, 'bin', 'tslab-runtime.js')];
  const limits = ['--ulimit', 'nofile=1024:1024', '--ulimit', 'nproc=1024:1024', '--security-opt', 'seccomp=unconfined'];
  const podman = async (args: string[]) => {
    const r = await execa('podman', [...podmanArgs, ...args], { env: { ...process.env, ...env }, reject: false, stdin: 'ignore', timeout: 90_000 });
    return { stdout: String(r.stdout), stderr: String(r.stderr), exitCode: r.exitCode ?? -1 };
  };
  t.teardown(async () => {
    await podman(['rm', '-a', '-f']);
    await podman(['rmi', '-a', '-f']);
  });

  const rootfs = path.join(base, 'rootfs.tar');
  writeFileSync(rootfs, await layerTar([
    { name: 'bin/' },
    { name: 'bin/busybox', mode: 0o755, content: readFileSync('/bin/busybox') },
    ...APPLETS.map((a): FixtureEntry => ({ name: `bin/${a}`, type: 'symlink', linkname: 'busybox' })),
    { name: 'etc/' }, { name: 'proc/' }, { name: 'sys/' }, { name: 'dev/' }, { name: 'tmp/', mode: 0o1777 },
  ]));
  const imported = await podman(['import', rootfs, 'localhost/tslab-test:1']);
  t.equal(imported.exitCode, 0, imported.stderr);

  await t.test('podman run --rm: output and exit code come through tslab-runtime', async (t) => {
    const r = await podman(['run', '--rm', ...limits, '--network', 'none', 'localhost/tslab-test:1', 'sh', '-c', 'echo hello from $(hostname); ip -o link | grep -c link/; exit 3']);
    t.equal(r.exitCode, 3, r.stderr);
    t.match(r.stdout, /^hello from [0-9a-f]{12}\n1$/, '--network none: only lo');
  });

  await t.test('the default network: podman makes the netns, tslab joins it', async (t) => {
    const r = await podman(['run', '--rm', ...limits, 'localhost/tslab-test:1', 'sh', '-c', 'ip -o -4 addr show eth0']);
    t.equal(r.exitCode, 0, r.stderr);
    t.match(r.stdout, /eth0\s+inet \d+\.\d+\.\d+\.\d+\//);
  });

  await t.test('run -d, exec, stop, rm', async (t) => {
    const started = await podman(['run', '-d', ...limits, '--network', 'none', 'localhost/tslab-test:1', 'sleep', '300']);
    t.equal(started.exitCode, 0, started.stderr);
    const id = started.stdout.trim();
    t.match((await podman(['ps', '--format', '{{.ID}} {{.Status}}'])).stdout, new RegExp(`^${id.slice(0, 12)} Up`, 'm'));
    const exec = await podman(['exec', id, 'sh', '-c', 'echo inside $(hostname); exit 4']);
    t.equal(exec.exitCode, 4, exec.stderr);
    t.equal(exec.stdout, `inside ${id.slice(0, 12)}`);
    t.equal((await podman(['stop', '-t', '1', id])).exitCode, 0);
    t.match((await podman(['ps', '-a', '--format', '{{.ID}} {{.Status}}'])).stdout, new RegExp(`^${id.slice(0, 12)} Exited`, 'm'));
    t.equal((await podman(['rm', id])).exitCode, 0);
    t.equal((await podman(['ps', '-a', '-q'])).stdout, '');
  });

  await assertNothingLeft(t, env);
}
