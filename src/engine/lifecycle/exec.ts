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
import { mergeEnv } from '../spec/env.js';
import type { ContainerState } from '../state.js';
import { containerProcessAlive } from './liveness.js';

export interface ExecRequest {
  args: string[];
  env: string[];
  cwd?: string;
  tty: boolean;
}

/** The user namespace first: it grants the capabilities that joining the others needs. */
const JOIN_ORDER = ['user', 'ipc', 'uts', 'net', 'pid', 'cgroup', 'mnt'] as const;

export async function execInContainer(
  engine: Engine,
  state: ContainerState,
  request: ExecRequest,
  stdio: { stdin: StdioTarget; stdout: StdioTarget; stderr: StdioTarget },
): Promise<number> {
  if (state.status !== 'running' || state.pid === undefined || !containerProcessAlive(state)) {
    throw new TslabError('E_NOT_RUNNING', `container ${state.name} is ${state.status === 'paused' ? 'paused' : 'not running'}`, {
      hint: state.status === 'paused' ? `unpause it first: \`tslab unpause ${state.name}\`` : 'see `tslab ps -a`',
    });
  }
  const pid = state.pid;
  const joins: NamespaceJoin[] = JOIN_ORDER.filter((type) => type !== 'user' || state.spec.userns).map((type) => ({
    type,
    path: `/proc/${pid}/ns/${type}`,
  }));
  const env = mergeEnv(state.spec.process.env, [...(request.tty ? ['TERM=xterm'] : []), ...request.env]);
  const shim = ShimSession.start(
    execConfig({ targetPid: pid, joins, process: { args: request.args, env, cwd: request.cwd ?? state.spec.process.cwd, terminal: request.tty }, ...(state.spec.security ? { security: state.spec.security } : {}), trace: engine.trace }),
    { ...stdio, detached: false },
  );
  const shimPid = await shim.waitForPid();
  await (await getCgroupDriver(engine.paths)).open(state.id)?.addProcess(shimPid);
  shim.go();
  await shim.waitStarted();
  const exit = await shim.waitExit();
  await shim.release();
  return exit.code;
}
