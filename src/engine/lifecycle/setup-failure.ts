/**
 * When a phase fails because the shim or the container's first process died
 * under it (killed, OOM), the raw failure says little: `ip -batch … -:4`, or
 * ENOENT on /proc/PID/ns/cgroup. Say what happened instead, keeping the raw
 * failure as the cause. Failures the shim explained itself (a command not
 * found, a mount refused) are kept as they are.
 */
import { TslabError } from '../errors.js';
import type { ContainerState } from '../state.js';
import { containerProcessAlive, shimAlive } from './liveness.js';

/** Errors that only describe a symptom when a process is gone. */
const SYMPTOMS = new Set(['E_HOST_COMMAND', 'E_SHIM_DIED', 'E_SHIM_PROTOCOL', 'E_SHIM_SYNC']);

export function explainSetupFailure(state: ContainerState, error: unknown): unknown {
  if (state.pid === undefined && state.shimPid === undefined) return error;
  if (error instanceof TslabError && !SYMPTOMS.has(error.code)) return error;
  const hint = 'nothing of it is left (`tslab ps -a` to check; `tslab gc` removes what a crash leaves); run it again';
  const shimGone = state.shimPid !== undefined && !shimAlive(state);
  const pid1Gone = state.pid !== undefined && !containerProcessAlive(state);
  // One takes the other with it (the monitor ends with its child; the child dies with the monitor while set up).
  const gone = [pid1Gone ? `its first process (pid ${state.pid})` : '', shimGone ? `its tslab-shim (pid ${state.shimPid})` : ''].filter(Boolean);
  if (gone.length > 0) {
    return new TslabError('E_CONTAINER_DIED', `container ${state.name} ended while it was being set up: ${gone.join(' and ')} ended (killed, or out of memory)`, { hint, cause: error });
  }
  return error;
}
