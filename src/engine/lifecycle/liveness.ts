/** Is a container's process (or its shim) still the one we started? */
import { isSameProcess } from '../observe/proc.js';
import type { ContainerState } from '../state.js';

export function containerProcessAlive(state: ContainerState): boolean {
  return isSameProcess(state.pid, state.pidStartTime);
}

export function shimAlive(state: ContainerState): boolean {
  return isSameProcess(state.shimPid, state.shimStartTime);
}

/**
 * Not stopped by its record, but its shim is gone: it ended while nobody
 * watched, or its shim was killed and left the container without a monitor.
 * A container still being created by a live tslab process is not abandoned.
 */
export function needsReaping(state: ContainerState): boolean {
  if (state.status === 'stopped' || shimAlive(state)) return false;
  return !(state.status === 'created' && isSameProcess(state.creatorPid, state.creatorStartTime));
}
