/**
 * Helpers for tests that run the real CLI against the real kernel. Every test
 * file gets its own run dir, data dir and cgroup parent, so files can run in
 * parallel, and ends by asserting that nothing tslab made is left behind.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa, type Options } from 'execa';
import type { Test } from 'tap';
import { type CgroupHostInfo, describeCgroups } from '../../src/engine/cgroups/detect.js';
import { parseMountinfo } from '../../src/engine/observe/mountinfo.js';
import { packageRoot } from '../../src/engine/package-root.js';

/** Found by walking up, so a test bundled elsewhere (the pure-v2 VM runs bundles in dist/vm) finds it too. */
export const repoRoot = packageRoot();
export const tslabBin = path.join(repoRoot, 'bin', 'tslab.js');

/** A type alias, not an interface: only an alias is assignable to execa's `env` (a string record). */
export type TslabEnv = {
  TSLAB_RUN_DIR: string;
  TSLAB_DATA_DIR: string;
  TSLAB_CGROUP_PARENT: string;
  /** The default network's bridge, subnet and iptables chains, per test file (files run in parallel). */
  TSLAB_BRIDGE: string;
  TSLAB_SUBNET: string;
  TSLAB_CHAIN_PREFIX: string;
};

/** What the helpers need of a test: the root `t` and every subtest are one. */
export type TapLike = Test;

/**
 * Root-only tests skip elsewhere, saying why; under CI=true a skip is a
 * failure, because CI provides root and the tools.
 */
export function needsRoot(t: TapLike): boolean {
  if (process.geteuid?.() === 0) return true;
  if (process.env.CI === 'true') t.fail('this test needs root, and CI must run it as root');
  else t.plan(0, 'needs root: it creates namespaces, cgroups and mounts on the real kernel');
  return false;
}

/** A run dir, data dir, cgroup parent, bridge, subnet and chains of its own; nothing is created until tslab needs it. */
export function isolatedEnv(label: string): TslabEnv {
  const base = path.join(tmpdir(), `tslab-test-${label}-${process.pid}-${randomBytes(4).toString('hex')}`);
  return {
    TSLAB_RUN_DIR: path.join(base, 'run'),
    TSLAB_DATA_DIR: path.join(base, 'data'),
    TSLAB_CGROUP_PARENT: `tslab-test-${label}-${process.pid}`,
    TSLAB_BRIDGE: `tslt${process.pid}`,
    // A /24 in 10.90-10.99 from the pid: test files running together get different ones.
    TSLAB_SUBNET: `10.${90 + (Math.floor(process.pid / 256) % 10)}.${process.pid % 256}.0/24`,
    TSLAB_CHAIN_PREFIX: `TSLAB-T${process.pid}`,
  };
}

export interface CliResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** How long one CLI call may take before it counts as hung; under emulation (the cgroup-v2 VM) a call is ~50 times slower. */
const cliTimeoutMs = Number(process.env.TSLAB_TEST_CLI_TIMEOUT_MS) || 60_000;

export async function tslab(env: TslabEnv, args: string[], options: Options = {}): Promise<CliResult> {
  const result = await execa(process.execPath, [tslabBin, ...args], {
    reject: false,
    env: { ...env, TSLAB_DEBUG: '' },
    stdin: 'ignore',
    timeout: cliTimeoutMs,
    ...options,
  });
  return { stdout: String(result.stdout ?? ''), stderr: String(result.stderr ?? ''), exitCode: result.exitCode ?? -1 };
}

/** What of this env's tslab resources still exists on the host. Empty when clean. */
export function leftovers(env: TslabEnv): string[] {
  const left: string[] = [];
  const containers = path.join(env.TSLAB_RUN_DIR, 'containers');
  if (existsSync(containers)) left.push(...readdirSync(containers).map((id) => `state ${id}`));
  const data = path.join(env.TSLAB_DATA_DIR, 'containers');
  if (existsSync(data)) left.push(...readdirSync(data).map((id) => `data ${id}`));
  for (const dir of cgroupParentDirs(hostCgroups(), env.TSLAB_CGROUP_PARENT)) {
    if (existsSync(dir)) left.push(`cgroup ${dir}: ${readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).join(' ')}`);
  }
  left.push(...networkLeftovers(env));
  const mountinfo = readFileSync('/proc/self/mountinfo', 'utf8');
  if (mountinfo.includes(env.TSLAB_DATA_DIR)) left.push('a mount under the data dir');
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const environ = readFileSync(`/proc/${pid}/environ`, 'utf8');
      if (environ.includes(`TSLAB_RUN_DIR=${env.TSLAB_RUN_DIR}\0`)) {
        left.push(`process ${pid} ${readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ')}`);
      }
    } catch {
      // The process ended while we looked.
    }
  }
  return left;
}

/** The host's cgroup layout as the engine detects it: tests derive cgroup paths and files from it, never from one machine's. */
export function hostCgroups(): CgroupHostInfo {
  return describeCgroups(parseMountinfo(readFileSync('/proc/self/mountinfo', 'utf8')));
}

/** Where a cgroup parent lives: one dir per v1 hierarchy (and beside them the hybrid cgroup2), one dir on v2. */
export function cgroupParentDirs(info: CgroupHostInfo, parent: string): string[] {
  const mounts = new Set(Object.values(info.mounts));
  if (info.cgroup2 !== undefined) mounts.add(info.cgroup2);
  return [...mounts].map((mount) => path.join(mount, parent));
}

/** A container's memory limit file, from its cgroup dirs: memory.max on v2, the memory hierarchy's memory.limit_in_bytes on v1. */
export function memoryLimitFile(info: CgroupHostInfo, cgroupPaths: readonly string[]): string | undefined {
  if (info.version === 2) return cgroupPaths[0] && path.join(cgroupPaths[0], 'memory.max');
  const memoryMount = info.mounts.memory;
  const dir = memoryMount === undefined ? undefined : cgroupPaths.find((p) => p.startsWith(`${memoryMount}/`));
  return dir && path.join(dir, 'memory.limit_in_bytes');
}

/** This env's network resources: IPAM attachments, network records, its bridge, veths/netns of its containers, its chains. */
export function networkLeftovers(env: TslabEnv): string[] {
  const left: string[] = [];
  const net = path.join(env.TSLAB_DATA_DIR, 'network');
  for (const sub of ['attachments', 'networks']) {
    const dir = path.join(net, sub);
    if (existsSync(dir)) left.push(...readdirSync(dir).map((f) => `network ${sub} ${f}`));
  }
  const ids = new Set<string>();
  for (const f of existsSync(path.join(net, 'attachments')) ? readdirSync(path.join(net, 'attachments')) : []) ids.add(f.replace(/\.json$/, ''));
  if (existsSync(`/sys/class/net/${env.TSLAB_BRIDGE}`)) left.push(`bridge ${env.TSLAB_BRIDGE}`);
  for (const id of ids) {
    if (existsSync(`/sys/class/net/tsl${id}`)) left.push(`veth tsl${id}`);
    if (existsSync(`/run/netns/tslab-${id}`)) left.push(`netns tslab-${id}`);
  }
  const saved = execFileSync('iptables-save', { encoding: 'utf8' });
  for (const line of saved.split('\n')) if (line.includes(`${env.TSLAB_CHAIN_PREFIX}-`)) left.push(`iptables ${line}`);
  return left;
}

/**
 * Every test file ends with this subtest: what its tests made must be gone
 * by now (each test removes its containers). Teardown then runs `gc --all`
 * so a failed test does not leave the machine dirty for the next one.
 */
export async function assertNothingLeft(t: TapLike, env: TslabEnv): Promise<void> {
  await t.test('nothing tslab made is left behind', async (t) => {
    t.same(await settledLeftovers(env), []);
  });
}

/**
 * Leftovers once the short-lived processes have ended: a detached container's
 * shim runs its on_exit hook (`tslab _reap`) for a moment after `stop` or `rm` returns;
 * that hook is a CLI call, so it gets as long as one. Only processes are waited for.
 */
export async function settledLeftovers(env: TslabEnv, timeoutMs = cliTimeoutMs): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  let left = leftovers(env);
  while (left.length > 0 && left.every((l) => l.startsWith('process ')) && Date.now() < deadline) {
    await sleep(50);
    left = leftovers(env);
  }
  return left;
}

export function cleanUpAfter(t: TapLike, env: TslabEnv): void {
  t.teardown(async () => {
    await tslab(env, ['gc', '--all']);
    rmSync(path.dirname(env.TSLAB_RUN_DIR), { recursive: true, force: true });
  });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls a condition instead of sleeping for a guessed time, so a loaded machine
 * is slower but not wrong. Resolves to whether it came true before the timeout;
 * the caller asserts on that.
 */
export async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000, intervalMs = 25): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return true;
    if (Date.now() >= deadline) return false;
    await sleep(intervalMs);
  }
}

/** Whether a host process still runs: neither gone nor a zombie. */
export function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}
