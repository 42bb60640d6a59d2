/**
 * Lessons' sandboxes are real engine containers, made with the same phase
 * functions `tslab run` uses, detached so they outlive the TUI when the learner
 * keeps them. These helpers let a step start, find, exec in and remove one.
 */
import { mkdtempSync, openSync, closeSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import type { Engine } from '../engine/engine.js';
import { TslabError } from '../engine/errors.js';
import { LessonError, REPLAY_HINT, say } from './said.js';
import { abortContainer, connectNetwork, createCgroup, execCommand, prepareInside, prepareRootfs, registerContainer, startNamespaces, type PendingContainer } from '../engine/lifecycle/create.js';
import { execInContainer } from '../engine/lifecycle/exec.js';
import { containerProcessAlive } from '../engine/lifecycle/liveness.js';
import { findContainer } from '../engine/lifecycle/list.js';
import { needsNetworkCode, networkCode } from '../engine/lifecycle/network.js';
import { removeContainer } from '../engine/lifecycle/remove.js';
import { networkNames, reserveNetwork, type NetworkNames } from '../engine/network/reserve.js';
import { isSameProcess } from '../engine/observe/proc.js';
import { listSandboxes } from '../engine/rootfs/sandbox.js';
import { validateRunRequest } from '../engine/spec/validate.js';
import type { ContainerState } from '../engine/state.js';
import { shellQuote } from '../engine/transcript.js';
import type { LabContext } from './types.js';

/** PID 1 that stays alive, ends on SIGTERM and leaves room for the learner's shell. */
export const KEEPALIVE = ['sh', '-c', 'trap "exit 0" TERM; while :; do sleep 1; done'];

export interface SandboxOptions {
  /** Run the cgroup phase at start (lesson 3 makes the cgroup as a step of its own). */
  cgroup: boolean;
  hostname?: string;
  /** docker's --net: `none` (default, an empty netns), `host`, `bridge`, `container:NAME` or a network's name. */
  net?: string;
  /** docker's -p: `[HOSTIP:]HOSTPORT:CTRPORT[/udp]`, on a bridge network. */
  publish?: string[];
  /** A tiny init as PID 1 that reaps orphans (docker's --init). */
  init?: boolean;
  /** A user namespace: root inside is an unprivileged uid on the host (`tslab run --userns`). */
  userns?: boolean;
  /** PID 1's command; KEEPALIVE by default. */
  command?: string[];
  /** Called with the container's host PID in the gaps between phases: before phase 5 (mounts, pivot_root) and before phase 6 (exec), so a lesson can show the kernel state there. */
  between?: (next: 'inside' | 'exec', pid: number) => Promise<void>;
}

/** The running container of this name, or undefined (a stopped one is not it). */
export async function findSandbox(engine: Engine, name: string): Promise<ContainerState | undefined> {
  const state = await findContainer(engine, name).catch((error: unknown) => {
    if (error instanceof TslabError && error.code === 'E_NO_SUCH_CONTAINER') return undefined;
    throw error;
  });
  return state && state.status === 'running' && containerProcessAlive(state) ? state : undefined;
}

/** What a check says when the lesson's sandbox is gone (a reset, or a step not reached yet). */
export const notRunning = (name: string) => say(`the sandbox ${name} is not running`, `沙箱 ${name} 没有在运行`);

export async function requireSandbox(engine: Engine, name: string): Promise<ContainerState & { pid: number }> {
  const state = await findSandbox(engine, name);
  if (!state || state.pid === undefined) {
    throw new LessonError('E_NO_SANDBOX', notRunning(name), REPLAY_HINT);
  }
  return state as ContainerState & { pid: number };
}

/** Start the sandbox, phase by phase; a running one is reused, a stopped one replaced. */
export async function startSandbox(lab: LabContext, name: string, options: SandboxOptions): Promise<ContainerState> {
  const running = await findSandbox(lab.engine, name);
  if (running) return running;
  await removeSandbox(lab.engine, name);
  const command = options.command ?? KEEPALIVE;
  const spec = validateRunRequest(
    {
      name,
      command,
      detach: true,
      net: options.net ?? 'none',
      init: options.init ?? false,
      userns: options.userns ?? false,
      ...(options.hostname ? { hostname: options.hostname } : {}),
      ...(options.publish ? { publish: options.publish } : {}),
    },
    { knownSandboxes: listSandboxes(), hostCpus: availableParallelism(), hostEnv: {} },
  );
  const publish = (options.publish ?? []).map((p) => `-p ${p} `).join('');
  lab.engine.host.record('note', `tslab run -d --name ${name}${options.init ? ' --init' : ''}${options.userns ? ' --userns' : ''} --net ${options.net ?? 'none'} ${publish}busybox ${command.map(shellQuote).join(' ')}   (phase by phase:)`);
  // As createContainer: an unknown network, a --net container: that is not running, a taken port are refused first.
  const joins = needsNetworkCode(spec) ? await (await networkCode()).preflightNetwork(lab.engine, spec) : [];
  const container: PendingContainer = await registerContainer(lab.engine, spec);
  if (joins.length > 0) container.joins = joins;
  try {
    await prepareRootfs(container);
    if (options.cgroup) await createCgroup(container);
    await startNamespaces(container, { stdin: 'ignore', stdout: 'ignore', stderr: 'ignore', detached: true });
    await connectNetwork(container);
    await options.between?.('inside', container.state.pid!);
    await prepareInside(container);
    await options.between?.('exec', container.state.pid!);
    await execCommand(container);
  } catch (error) {
    await abortContainer(container);
    throw error;
  }
  container.shim?.detach();
  return container.state;
}

/**
 * A sandbox whose network a lesson builds from outside, one operation at a time
 * (lesson 1): a registered container without a process yet, its netns and veth
 * names reserved by the engine. One made by this lab is reused; a stale one
 * (its lab is gone) is replaced.
 */
export async function openNetworkSandbox(lab: LabContext, name: string): Promise<NetworkNames> {
  const existing = await lab.engine.store.resolve(name).catch(() => undefined);
  if (existing?.network?.netns && isSameProcess(existing.creatorPid, existing.creatorStartTime)) return networkNames(existing.id);
  await removeSandbox(lab.engine, name);
  const spec = validateRunRequest({ name, command: KEEPALIVE, detach: true, net: 'none' }, { knownSandboxes: listSandboxes(), hostCpus: availableParallelism(), hostEnv: {} });
  const container = await registerContainer(lab.engine, spec);
  return reserveNetwork(lab.engine, container.state);
}

/** The reserved names of a network sandbox, or undefined when there is none. */
export async function findNetworkSandbox(engine: Engine, name: string): Promise<NetworkNames | undefined> {
  const state = await engine.store.resolve(name).catch(() => undefined);
  return state?.network?.netns ? networkNames(state.id) : undefined;
}

/** Remove the sandbox whatever its state; nothing there is fine. */
export async function removeSandbox(engine: Engine, name: string): Promise<void> {
  const state = await engine.store.resolve(name).catch(() => undefined);
  if (state) await removeContainer(engine, state, { force: true });
}

export interface ExecResult {
  exitCode: number;
  output: string;
}

export interface ExecOptions {
  /** Record it and show its output (default); false for a check's quiet probe. */
  show?: boolean;
  /** Capabilities beyond the container's default set (`tslab exec --cap-add`). */
  capAdd?: string[];
  /** Join only these namespaces, with the host's files (`nsenter --target PID --ipc ...`). */
  namespaces?: string[];
}

/** How a learner would type the same exec: `tslab exec [--cap-add C] NAME CMD`, or nsenter for some namespaces only. */
function execText(name: string, pid: number, args: string[], options: ExecOptions): string {
  const command = args.map(shellQuote).join(' ');
  if (options.namespaces) return `nsenter --target ${pid} ${options.namespaces.map((ns) => `--${ns === 'mnt' ? 'mount' : ns}`).join(' ')} ${command}`;
  return `tslab exec ${(options.capAdd ?? []).map((cap) => `--cap-add ${cap} `).join('')}${name} ${command}`;
}

/** An engine exec in the sandbox with its output captured (and shown as the step's output). */
export async function execIn(lab: LabContext, name: string, args: string[], options: ExecOptions = {}): Promise<ExecResult> {
  const state = await requireSandbox(lab.engine, name);
  if (options.show !== false) lab.engine.host.record('command', execText(name, state.pid, args, options));
  const dir = mkdtempSync(path.join(tmpdir(), 'tslab-exec-'));
  const file = path.join(dir, 'out');
  const fd = openSync(file, 'w');
  try {
    const request = { args, env: [], tty: false, ...(options.capAdd ? { capAdd: options.capAdd } : {}), ...(options.namespaces ? { namespaces: options.namespaces } : {}) };
    const exitCode = await execInContainer(lab.engine, state, request, { stdin: 'ignore', stdout: fd, stderr: fd });
    const output = readFileSync(file, 'utf8').trimEnd();
    if (options.show !== false) lab.output(`${output ? `${output}\n` : ''}[exit ${exitCode}]`);
    return { exitCode, output };
  } finally {
    closeSync(fd);
    rmSync(dir, { recursive: true, force: true });
  }
}
