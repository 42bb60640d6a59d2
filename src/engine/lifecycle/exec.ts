/**
 * exec: a new process inside a running container. The shim joins the
 * container's namespaces (setns) and cgroup, then forks so the command is
 * inside its pid namespace too — what `docker exec` and `nsenter` do.
 */
import { getCgroupDriver } from '../cgroups/detect.js';
import { TslabError } from '../errors.js';
import type { Engine } from '../engine.js';
import { execConfig, type NamespaceJoin } from '../shim/config.js';
import { ShimSession, type StdioTarget } from '../shim/launch.js';
import { withCapabilities } from '../security/capabilities.js';
import { mergeEnv } from '../spec/env.js';
import type { ContainerState } from '../state.js';
import { containerProcessAlive } from './liveness.js';

export interface ExecRequest {
  args: string[];
  env: string[];
  cwd?: string;
  tty: boolean;
  /** Capabilities the command gets beyond the container's default set (`CAP_SYS_ADMIN` to set its hostname). */
  capAdd?: readonly string[];
  /**
   * The container's namespaces to join (default: all of them). Without `mnt` the
   * command runs with the host's files, as `nsenter --target PID --ipc` does: a
   * host tool (ipcmk) acting in the container's IPC namespace.
   */
  namespaces?: readonly string[];
}

/** The user namespace first: it grants the capabilities that joining the others needs. */
const JOIN_ORDER = ['user', 'ipc', 'uts', 'net', 'pid', 'cgroup', 'mnt'] as const;

export async function execInContainer(
  engine: Engine,
  state: ContainerState,
  request: ExecRequest,
  stdio: { stdin: StdioTarget; stdout: StdioTarget; stderr: StdioTarget },
): Promise<number> {
  const { shim } = await startExec(engine, state, request, stdio);
  const exit = await shim.waitExit();
  await shim.release();
  return exit.code;
}

/** The process started in the container; its shim waits for it (the OCI runtime's exec --detach leaves it to). */
export async function startExec(
  engine: Engine,
  state: ContainerState,
  request: ExecRequest & { user?: { uid: number; gid: number } },
  stdio: { stdin: StdioTarget; stdout: StdioTarget; stderr: StdioTarget },
  options: { orphan?: boolean } = {},
): Promise<{ shim: ShimSession; pid: number }> {
  if (state.status !== 'running' || state.pid === undefined || !containerProcessAlive(state)) {
    throw new TslabError('E_NOT_RUNNING', `container ${state.name} is ${state.status === 'paused' ? 'paused' : 'not running'}`, {
      hint: state.status === 'paused' ? `unpause it first: \`tslab unpause ${state.name}\`` : 'see `tslab ps -a`',
    });
  }
  const pid = state.pid;
  const wanted = request.namespaces ?? JOIN_ORDER;
  const unknown = wanted.find((type) => !(JOIN_ORDER as readonly string[]).includes(type));
  if (unknown !== undefined) throw new TslabError('E_BAD_NAMESPACE', `unknown namespace ${JSON.stringify(unknown)}`, { hint: `one of ${JOIN_ORDER.join(', ')}` });
  const joins: NamespaceJoin[] = JOIN_ORDER.filter((type) => wanted.includes(type) && (type !== 'user' || state.spec.userns)).map((type) => ({
    type,
    path: `/proc/${pid}/ns/${type}`,
  }));
  const env = mergeEnv(state.spec.process.env, [...(request.tty ? ['TERM=xterm'] : []), ...request.env]);
  const shim = ShimSession.start(
    execConfig({
      targetPid: pid,
      joins,
      process: { args: request.args, env, cwd: request.cwd ?? state.spec.process.cwd, terminal: request.tty, ...(request.user ? { user: request.user } : {}) },
      security: withCapabilities(state.spec.security, request.capAdd ?? []),
      trace: engine.trace,
    }),
    { ...stdio, detached: false, transcript: engine.host.transcript, ...(options.orphan ? { orphan: true } : {}) },
  );
  const shimPid = await shim.waitForPid();
  await (await getCgroupDriver(engine)).open(state.id)?.addProcess(shimPid);
  shim.go();
  await shim.waitStarted();
  return { shim, pid: shimPid };
}
