/**
 * The runtime spec's operations (runtime.md): create, start, state, kill,
 * delete, and run (create + start + wait + delete, as runc's). States go
 * creating -> created -> running -> stopped; each operation refuses a state
 * the spec says it must refuse.
 */
import { spawn } from 'node:child_process';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import net, { type Socket } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Engine } from '../engine/engine.js';
import { TslabError } from '../engine/errors.js';
import { startExec } from '../engine/lifecycle/exec.js';
import { removeContainer } from '../engine/lifecycle/remove.js';
import type { OciConfig } from './config-types.js';
import { packageRoot } from '../engine/package-root.js';
import { isSameProcess } from '../engine/observe/proc.js';
import { runHooks } from './hooks.js';
import { controlSocket, engineState, ociState, readRecord, recordDir, removeRecord, validateId, writeRecord, type OciState } from './records.js';
import { engineName } from './names.js';
import { readBundle } from './spec-map.js';

export interface CreateOptions {
  bundle: string;
  pidFile?: string;
}

const wrongState = (id: string, status: string, operation: string, hint: string) =>
  new TslabError('E_OCI_STATE', `container ${id} is ${status}: cannot ${operation} it`, { hint });

export async function create(engine: Engine, root: string, id: string, options: CreateOptions): Promise<OciState> {
  validateId(id);
  const bundle = path.resolve(options.bundle);
  readBundle(bundle, engineName(id)); // Refuse a bad config.json before anything is made.
  await mkdir(root, { recursive: true, mode: 0o700 });
  try {
    await mkdir(recordDir(root, id), { mode: 0o700 });
  } catch {
    throw new TslabError('E_OCI_EXISTS', `container ${id} already exists`, { hint: `delete it first: tslab-runtime delete --force ${id}` });
  }
  await writeRecord(root, { id, bundle, phase: 'creating', created: new Date().toISOString(), annotations: {} });
  const holder = spawn(process.execPath, [path.join(packageRoot(), 'bin', 'tslab.js'), 'oci', '_hold', root, id], {
    stdio: ['inherit', 'inherit', 'inherit', 'pipe'],
    detached: true,
    env: process.env,
  });
  const pending = await readRecord(root, id);
  pending.holderPid = holder.pid;
  await writeRecord(root, pending);
  const report = holder.stdio[3] as Socket;
  const line = await firstLine(report);
  // Nothing more comes from the holder: let this process exit while it lives on.
  report.destroy();
  holder.unref();
  if (!line.startsWith('ready ')) {
    await removeRecord(root, id);
    const reported = line.startsWith('error ') ? (JSON.parse(line.slice(6)) as { code?: string; message: string; hint?: string }) : undefined;
    throw new TslabError(reported?.code ?? 'E_OCI_CREATE', reported?.message ?? `the holder process ended before the container was created${line ? `: ${line}` : ''}`, {
      ...(reported?.hint ? { hint: reported.hint } : {}),
    });
  }
  const record = await readRecord(root, id);
  const state = await ociState(engine, record);
  if (options.pidFile) {
    // The pid file names the process whose exit is the container's: tslab's shim, which stays the
    // container's parent and, once alone, ends with the container's exit status (tslab _reap).
    // A supervisor such as conmon is a subreaper waiting for that pid; the container process itself
    // is the shim's child, never conmon's, so waiting on it would never see its end. `state` gives
    // the container process's own pid, as the runtime spec says.
    const shimPid = (await engineState(engine, record))?.shimPid ?? state.pid;
    const file = path.resolve(options.pidFile);
    await writeFile(`${file}.tmp`, String(shimPid));
    await rename(`${file}.tmp`, file);
  }
  return state;
}

export async function start(engine: Engine, root: string, id: string): Promise<void> {
  const state = await ociState(engine, await readRecord(root, id));
  if (state.status !== 'created') throw wrongState(id, state.status, 'start', 'only a created container can be started');
  const reply = await request(controlSocket(root, id), 'start');
  if (reply !== 'ok') throw new TslabError('E_OCI_START', `container ${id} did not start: ${reply}`, { hint: 'see the container\'s output and `tslab-runtime state`' });
}

export async function kill(engine: Engine, root: string, id: string, signal: number): Promise<void> {
  const state = await ociState(engine, await readRecord(root, id));
  if (state.status !== 'created' && state.status !== 'running' && state.status !== 'paused') {
    throw wrongState(id, state.status, 'kill', 'only a created or running container has a process to signal');
  }
  process.kill(state.pid, signal);
}

export async function remove(engine: Engine, root: string, id: string, options: { force: boolean }): Promise<void> {
  const record = await readRecord(root, id);
  let state = await ociState(engine, record);
  if (state.status !== 'stopped' && state.status !== 'created' && !options.force) {
    throw wrongState(id, state.status, 'delete', `stop it first (tslab-runtime kill ${id} KILL) or use delete --force`);
  }
  if (state.status === 'running' || state.status === 'paused') {
    process.kill(state.pid, 'SIGKILL');
    for (let i = 0; i < 400 && state.status !== 'stopped'; i++) {
      await sleep(25);
      state = await ociState(engine, record);
    }
  }
  // A created container's holder still owns its shim: it undoes the create phases itself.
  if (isSameProcess(record.holderPid, undefined) && record.phase !== 'started') await request(controlSocket(root, id), 'delete').catch(() => undefined);
  const engineRecord = await engineState(engine, record);
  if (engineRecord) await removeContainer(engine, engineRecord, { force: true });
  const plan = (() => {
    try {
      return readBundle(record.bundle, engineName(id));
    } catch {
      return undefined; // The bundle may be gone by now; its poststop hooks with it.
    }
  })();
  await removeRecord(root, id);
  if (plan) await runHooks(plan.hooks, ['poststop'], { ...state, status: 'stopped', pid: 0 }).catch(() => undefined);
}

export interface ExecOptions {
  detach: boolean;
  pidFile?: string;
}

/** A process in a running container (`exec --process FILE`, podman exec); detached, its shim waits for it and ends with its status. */
export async function execProcess(engine: Engine, root: string, id: string, proc: OciConfig['process'], options: ExecOptions): Promise<number> {
  const record = await readRecord(root, id);
  const status = (await ociState(engine, record)).status;
  if (status !== 'running') throw wrongState(id, status, 'exec in', 'only a running container can run another process');
  if (proc.terminal) throw new TslabError('E_OCI_UNSUPPORTED', 'process.terminal is not supported by tslab-runtime exec', { hint: 'exec without a terminal (podman exec without -t)' });
  if (!Array.isArray(proc.args) || proc.args.length === 0) throw new TslabError('E_OCI_CONFIG', 'process.args must name the command to run', { hint: 'e.g. {"args": ["sh"]}' });
  const state = (await engineState(engine, record))!;
  // Detached, the shim must not be this process's child: conmon, a subreaper, waits for it and
  // must be the one to reap it (a quick command could otherwise end, and be reaped, before we exit).
  const { shim, pid } = await startExec(engine, state, {
    args: proc.args,
    env: proc.env ?? [],
    cwd: proc.cwd ?? '/',
    tty: false,
    ...(proc.user && (proc.user.uid || proc.user.gid) ? { user: { uid: proc.user.uid ?? 0, gid: proc.user.gid ?? 0 } } : {}),
  }, { stdin: 'inherit', stdout: 'inherit', stderr: 'inherit' }, { orphan: options.detach });
  if (options.pidFile) {
    const file = path.resolve(options.pidFile);
    await writeFile(`${file}.tmp`, String(pid));
    await rename(`${file}.tmp`, file);
  }
  if (options.detach) {
    shim.detach();
    return 0;
  }
  return (await shim.waitExit()).code;
}

/** Wait for the container's process to end; its exit code (128+signal when killed). */
export async function waitExit(engine: Engine, root: string, id: string): Promise<number> {
  const record = await readRecord(root, id);
  for (;;) {
    const state = await engineState(engine, record);
    if (!state || state.status === 'stopped') return state?.exitCode ?? 255;
    await sleep(25);
  }
}

function firstLine(stream: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      text += chunk;
    });
    stream.on('error', () => resolve(text.trim()));
    stream.on('end', () => resolve(text.split('\n')[0] ?? ''));
  });
}

function request(socket: string, message: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const client = net.connect(socket, () => client.write(`${message}\n`));
    let reply = '';
    client.setEncoding('utf8');
    client.on('data', (chunk: string) => {
      reply += chunk;
    });
    client.on('end', () => resolve(reply.trim()));
    client.on('error', (error) => reject(new TslabError('E_OCI_HOLDER', `cannot reach the process holding the container: ${error.message}`, { hint: 'the container may have been created by a tslab that has since ended; delete it with --force' })));
  });
}
