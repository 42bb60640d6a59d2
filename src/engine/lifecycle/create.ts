/**
 * Creating a container, phase by phase (ARCHITECTURE.md). Each phase is a
 * public function so a lesson can run one per step and show the kernel state
 * in between; `createContainer` runs them in order and, if one fails, undoes
 * what the others made, so bad input or a kernel refusal leaves nothing behind.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, statSync } from 'node:fs';
import path from 'node:path';
import { getCgroupDriver } from '../cgroups/detect.js';
import type { Cgroup } from '../cgroups/types.js';
import { USERNS_HOST_BASE, USERNS_SIZE } from '../container-defaults.js';
import type { Engine } from '../engine.js';
import { crashPoint } from '../fault.js';
import { namespaceInodes } from '../observe/namespaces.js';
import { processStartTime, processStatus } from '../observe/proc.js';
import { packageRoot } from '../package-root.js';
import { containerDataDir } from '../paths.js';
import { prepareRootfsLayers, removeContainerData } from '../rootfs/layers.js';
import { runConfig, type NamespaceJoin } from '../shim/config.js';
import { ShimSession, type StdioTarget } from '../shim/launch.js';
import type { ContainerSpec } from '../spec/types.js';
import { releaseCgroup } from './cgroup.js';
import { explainSetupFailure } from './setup-failure.js';
import { holdsNetwork, needsNetworkCode, networkCode } from './network.js';
import { exitFile, type ContainerState } from '../state.js';

/** A container on its way to running: what the phases have made so far. */
export interface PendingContainer {
  engine: Engine;
  state: ContainerState;
  cgroup?: Cgroup;
  shim?: ShimSession;
  /** Namespaces the shim joins instead of creating (--net container:NAME). */
  joins?: NamespaceJoin[];
}

export interface StdioPlan {
  stdin: StdioTarget;
  stdout: StdioTarget;
  stderr: StdioTarget;
  /** Detached: output goes to the container's log file and the shim outlives the CLI. */
  detached: boolean;
  /** The shim is not this process's child (shim/launch.ts): an OCI supervisor above reaps it. */
  orphan?: boolean;
}

/** Bookkeeping before any phase: an id, the name reserved, state on disk. */
export async function registerContainer(engine: Engine, spec: ContainerSpec): Promise<PendingContainer> {
  const id = randomBytes(6).toString('hex');
  const state: ContainerState = {
    version: 1,
    id,
    name: spec.name,
    spec,
    status: 'created',
    createdAt: new Date().toISOString(),
    creatorPid: process.pid,
    creatorStartTime: processStartTime(process.pid),
    oomKilled: false,
    cgroupPaths: [],
    namespaces: {},
    rootfs: { lower: [], upper: '', work: '', merged: '' },
  };
  await engine.store.create(state);
  return { engine, state };
}

/** Phase 1: the sandbox's read-only layer and this container's upper/work dirs. */
export async function prepareRootfs(container: PendingContainer): Promise<void> {
  const { engine, state } = container;
  state.rootfs = await prepareRootfsLayers(engine, state.id, state.spec.root);
  await engine.store.write(state);
}

/** Phase 2: the container's cgroup with its limits. */
export async function createCgroup(container: PendingContainer): Promise<void> {
  const { engine, state } = container;
  const driver = await getCgroupDriver(engine);
  container.cgroup = await driver.create(state.id, state.spec.resources);
  state.cgroupPaths = Object.values(container.cgroup.paths);
  await engine.store.write(state);
}

/**
 * Phase 3: the shim clones the container process into new namespaces; it waits
 * there while the engine, from outside, writes its uid/gid maps and puts it in
 * its cgroup.
 */
export async function startNamespaces(container: PendingContainer, stdio: StdioPlan): Promise<number> {
  const { engine, state } = container;
  const logPath = path.join(containerDataDir(engine.paths, state.id), 'container.log');
  const logFd = stdio.detached ? openSync(logPath, 'a') : undefined;
  try {
    const records = runConfig({
      spec: state.spec,
      rootfs: state.rootfs,
      exitFile: exitFile(engine.paths, state.id),
      onExit: [process.execPath, path.join(packageRoot(), 'bin', 'tslab.js'), '_reap', state.id],
      trace: engine.trace,
      ...(container.joins ? { joins: container.joins } : {}),
    });
    container.shim = ShimSession.start(records, {
      stdin: stdio.stdin,
      stdout: logFd ?? stdio.stdout,
      stderr: logFd ?? stdio.stderr,
      detached: stdio.detached,
      transcript: engine.host.transcript,
      ...(stdio.orphan ? { orphan: true } : {}),
    });
  } finally {
    if (logFd !== undefined) closeSync(logFd);
  }
  state.shimPid = container.shim.pid;
  state.shimStartTime = processStartTime(container.shim.pid);
  if (stdio.detached) state.logPath = logPath;

  // Written once the process exists: a crash before that leaves a shim that
  // ends itself when its engine goes away, and a record gc reaps.
  const pid = await container.shim.waitForPid();
  if (stdio.orphan) {
    // Started through setsid -f: the shim is the container process's parent, not ours.
    state.shimPid = Number(processStatus(pid).get('PPid'));
    state.shimStartTime = processStartTime(state.shimPid);
  }
  state.pid = pid;
  state.pidStartTime = processStartTime(pid);
  state.namespaces = namespaceInodes(pid);
  await engine.store.write(state);
  if (state.spec.userns) await writeIdMaps(engine, pid);
  await container.cgroup?.addProcess(pid);
  return pid;
}

/** Root (0) inside maps to an unprivileged range on the host. */
async function writeIdMaps(engine: Engine, pid: number): Promise<void> {
  const map = `0 ${USERNS_HOST_BASE} ${USERNS_SIZE}\n`;
  await engine.host.writeKernelFile(`/proc/${pid}/uid_map`, map);
  await engine.host.writeKernelFile(`/proc/${pid}/gid_map`, map);
}

/** Phase 4: netns name, veth pair on the bridge, address, routes, DNAT (network/attach.ts). */
export async function connectNetwork(container: PendingContainer): Promise<void> {
  const { engine, state } = container;
  if (state.pid === undefined) throw new Error('connectNetwork before startNamespaces');
  const mode = state.spec.network?.mode;
  const network = needsNetworkCode(state.spec) ? await (await networkCode()).attachNetwork(engine, state, state.pid) : mode ? { mode, ports: [] } : undefined;
  if (network) {
    state.network = network;
    await engine.store.write(state);
  }
}

/**
 * Phase 5: the shim sets up the inside (ids, hostname, mounts, pivot_root) and
 * stops, reporting; /proc/PID/root is now the container's root, and nothing of
 * the user's command has run.
 */
export async function prepareInside(container: PendingContainer): Promise<void> {
  const { shim } = container;
  if (!shim) throw new Error('prepareInside before startNamespaces');
  shim.go();
  await shim.waitInside();
}

/** Phase 6: the shim execs the command (or the --init reaper that runs it). */
export async function execCommand(container: PendingContainer): Promise<void> {
  const { engine, state, shim } = container;
  if (!shim) throw new Error('execCommand before startNamespaces');
  shim.exec();
  await shim.waitStarted();
  // Read again now: the cgroup namespace is unshared inside (after the engine put the
  // process in its cgroup), so at phase 3 its inode was still the host's. A command
  // that has already ended has no namespaces left to read.
  const cgroupNs = statSync(`/proc/${state.pid}/ns/cgroup`, { throwIfNoEntry: false });
  if (cgroupNs) state.namespaces = { ...state.namespaces, cgroup: cgroupNs.ino };
  state.status = 'running';
  state.startedAt = new Date().toISOString();
  await engine.store.write(state);
}

/** Phases 5 and 6 in one go, as `tslab run` does them. */
export async function startProcess(container: PendingContainer): Promise<void> {
  await prepareInside(container);
  await execCommand(container);
}

/** Undo whatever the phases made, newest first; used when a phase fails. */
export async function abortContainer(container: PendingContainer): Promise<void> {
  const { engine, state } = container;
  await container.shim?.abort().catch(() => undefined);
  if (holdsNetwork(state)) await (await networkCode()).detachNetwork(engine, state.id).catch(() => undefined);
  await releaseCgroup(engine, container.cgroup).catch(() => undefined);
  await removeContainerData(engine.paths, state.id);
  await engine.store.remove(state);
}

/** Phases 1 to 4, undone on failure. */
export async function createContainer(engine: Engine, spec: ContainerSpec, stdio: StdioPlan): Promise<PendingContainer> {
  // Unknown network, a --net container: that is not running, a taken port: refused before anything is made.
  const joins = needsNetworkCode(spec) ? await (await networkCode()).preflightNetwork(engine, spec) : [];
  const container = await registerContainer(engine, spec);
  const allJoins = [...joins, ...(spec.joinNamespaces ?? [])];
  if (allJoins.length > 0) container.joins = allJoins;
  crashPoint('after-register');
  try {
    await prepareRootfs(container);
    crashPoint('after-rootfs');
    await createCgroup(container);
    crashPoint('after-cgroup');
    await startNamespaces(container, stdio);
    crashPoint('after-namespaces', container.state);
    await connectNetwork(container);
    crashPoint('after-network', container.state);
    return container;
  } catch (error) {
    // Explained before the abort, which ends the shim and the container itself.
    const explained = explainSetupFailure(container.state, error);
    await abortContainer(container);
    throw explained;
  }
}
