/**
 * What every case needs: runc and crun installed, an isolated tslab environment
 * (its own run dir, data dir, cgroup parent, bridge, subnet and chains), OCI
 * bundles over the same busybox rootfs tslab uses, and a cleanup that leaves
 * nothing behind.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, rmdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { commandExists, must, processesWithEnv, sleep, timed } from './proc.js';

/** The checkout (bench/lib/ -> ../.., also from dist/bench/lib/). */
export const repoRoot = (() => {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json')) || path.basename(dir) === 'dist') dir = path.dirname(dir);
  return dir;
})();
export const tslabBin = path.join(repoRoot, 'bin', 'tslab.js');

/** apt-get install what is missing (runc, crun, and strace for the profile). */
export async function ensurePackages(tools: Record<string, string>): Promise<void> {
  const missing = Object.entries(tools).filter(([tool]) => !commandExists(tool)).map(([, pkg]) => pkg);
  if (missing.length === 0) return;
  console.log(`bench: installing ${missing.join(' ')} from Debian`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () => timed('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { env, timeoutMs: 600_000 });
  let result = await install();
  if (result.code !== 0) {
    await must('apt-get', ['update', '-qq'], { env, timeoutMs: 600_000 });
    result = await install();
  }
  if (result.code !== 0) throw new Error(`apt-get install ${missing.join(' ')} failed: ${result.stderr.trim()}`);
}

export interface BenchEnv {
  base: string;
  /** Environment for every tslab process of this run. */
  env: NodeJS.ProcessEnv;
  runcRoot: string;
  crunRoot: string;
  bundles: { true: string; sleep: string };
  /** Prefix of every runc/crun container id (and so of their cgroups). */
  idPrefix: string;
  rootfs: string;
  /** A free host port for case 3's -p. */
  hostPort: number;
}

export function makeBenchEnv(): BenchEnv {
  const base = mkdtempSync(path.join(tmpdir(), 'tslab-bench-'));
  const tag = process.pid.toString(36);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TSLAB_RUN_DIR: path.join(base, 'run'),
    TSLAB_DATA_DIR: path.join(base, 'data'),
    TSLAB_CGROUP_PARENT: `tslab-bench-${process.pid}`,
    // Not only hex digits after "tsl" (those names are container veths).
    TSLAB_BRIDGE: `tslbz${tag}`.slice(0, 15),
    TSLAB_SUBNET: `10.213.${process.pid % 200}.0/24`,
    TSLAB_CHAIN_PREFIX: `TSLAB-BZ${tag.toUpperCase()}`.slice(0, 18),
    TSLAB_DEBUG: '',
  };
  return {
    base,
    env,
    runcRoot: path.join(base, 'runc-state'),
    crunRoot: path.join(base, 'crun-state'),
    bundles: { true: path.join(base, 'bundle-true'), sleep: path.join(base, 'bundle-sleep') },
    idPrefix: `tslabbench-${process.pid}`,
    rootfs: path.join(base, 'data', 'sandboxes', 'busybox', 'rootfs'),
    hostPort: 20_000 + (process.pid % 20_000),
  };
}

/** `runc spec` as the template; root is tslab's busybox rootfs, read-only; no terminal. */
export async function makeBundles(bench: BenchEnv): Promise<void> {
  for (const [kind, args] of [['true', ['/bin/true']], ['sleep', ['/bin/sleep', '1000']]] as const) {
    const dir = bench.bundles[kind];
    mkdirSync(dir, { recursive: true });
    await must('runc', ['spec', '--bundle', dir]);
    const config = JSON.parse(readFileSync(path.join(dir, 'config.json'), 'utf8')) as {
      root: { path: string; readonly: boolean };
      process: { args: string[]; terminal: boolean };
      hostname?: string;
    };
    config.root = { path: bench.rootfs, readonly: true };
    config.process.args = [...args];
    config.process.terminal = false;
    config.hostname = 'bench';
    writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config, null, 2));
  }
}

/** Inside the private mount namespace: drop the empty cgroup2 so runc, crun and tslab see pure v1. */
export async function unmountUnified(): Promise<string> {
  const mounted = readFileSync('/proc/self/mountinfo', 'utf8').split('\n').some((line) => line.split(' ')[4] === '/sys/fs/cgroup/unified');
  if (!mounted) return 'no /sys/fs/cgroup/unified mount';
  await must('umount', ['/sys/fs/cgroup/unified']);
  return 'unmounted /sys/fs/cgroup/unified in the bench mount namespace';
}

/** Remove every runc/crun container of this run, then tslab's, then the files. */
export async function cleanUp(bench: BenchEnv): Promise<string[]> {
  const problems: string[] = [];
  for (const [runtime, root] of [['runc', bench.runcRoot], ['crun', bench.crunRoot]] as const) {
    if (!existsSync(root)) continue;
    for (const id of readdirSync(root).filter((name) => name.startsWith(bench.idPrefix))) {
      await timed(runtime, ['--root', root, 'delete', '--force', id]);
    }
  }
  if (existsSync(tslabBin)) await timed(process.execPath, [tslabBin, 'gc', '--all'], { env: bench.env });
  for (const pid of processesWithEnv('TSLAB_RUN_DIR', bench.env.TSLAB_RUN_DIR!)) {
    if (pid === process.pid) continue;
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  await sleep(200);
  for (const hierarchy of readdirSync('/sys/fs/cgroup')) {
    const dir = path.join('/sys/fs/cgroup', hierarchy);
    let entries: string[] = [];
    try {
      entries = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of entries.filter((n) => n.startsWith(bench.idPrefix) || n === bench.env.TSLAB_CGROUP_PARENT)) {
      // crun 1.8 still writes into /sys/fs/cgroup/unified once the cgroup2 is unmounted:
      // plain directories on the /sys/fs/cgroup tmpfs, removed like any directory.
      if (cgroupMounts().has(dir)) removeCgroupTree(path.join(dir, name), problems);
      else rmSync(path.join(dir, name), { recursive: true, force: true });
    }
  }
  const mounts = readFileSync('/proc/self/mountinfo', 'utf8').split('\n').map((line) => line.split(' ')[4] ?? '').filter((m) => m.startsWith(bench.base));
  for (const mount of mounts.reverse()) await timed('umount', ['-l', mount]);
  rmSync(bench.base, { recursive: true, force: true });
  return problems;
}

/** Mount points of cgroup and cgroup2 file systems in this mount namespace. */
function cgroupMounts(): Set<string> {
  const mounts = new Set<string>();
  for (const line of readFileSync('/proc/self/mountinfo', 'utf8').split('\n')) {
    const fields = line.split(' ');
    const type = fields[fields.indexOf('-') + 1];
    if (type === 'cgroup' || type === 'cgroup2') mounts.add(fields[4]!);
  }
  return mounts;
}

function removeCgroupTree(dir: string, problems: string[]): void {
  try {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) removeCgroupTree(path.join(dir, entry.name), problems);
    }
    rmdirSync(dir);
  } catch (error) {
    problems.push(`cgroup ${dir}: ${(error as Error).message}`);
  }
}

/** What of this run is still on the host: links, netns, cgroups, mounts, processes, iptables chains. */
export async function leftovers(bench: BenchEnv): Promise<string[]> {
  const left: string[] = [];
  // Only what is provably this run's: its bridge (a veth left on it keeps it up). Other
  // tslab environments (tests running meanwhile) have their own tsl* veths and tslab-* netns.
  const bridge = await timed('ip', ['-o', 'link', 'show', 'dev', bench.env.TSLAB_BRIDGE!]);
  if (bridge.code === 0) {
    const ports = await timed('ip', ['-o', 'link', 'show', 'master', bench.env.TSLAB_BRIDGE!]);
    const names = ports.stdout.split('\n').map((l) => /^\d+:\s+([^:@]+)/.exec(l)?.[1]).filter(Boolean);
    left.push(`bridge ${bench.env.TSLAB_BRIDGE}${names.length ? ` with ${names.join(' ')}` : ''}`);
  }
  for (const hierarchy of readdirSync('/sys/fs/cgroup')) {
    try {
      for (const name of readdirSync(path.join('/sys/fs/cgroup', hierarchy))) {
        if (name.startsWith(bench.idPrefix) || name === bench.env.TSLAB_CGROUP_PARENT) left.push(`cgroup ${hierarchy}/${name}`);
      }
    } catch {
      // not a directory
    }
  }
  if (readFileSync('/proc/self/mountinfo', 'utf8').includes(bench.base)) left.push(`a mount under ${bench.base}`);
  for (const pid of processesWithEnv('TSLAB_RUN_DIR', bench.env.TSLAB_RUN_DIR!)) if (pid !== process.pid) left.push(`process ${pid}`);
  const chains = await timed('iptables-save', []);
  if (chains.stdout.includes(bench.env.TSLAB_CHAIN_PREFIX!)) left.push(`iptables chains ${bench.env.TSLAB_CHAIN_PREFIX}*`);
  return left;
}
