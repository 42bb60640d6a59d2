/** Is a container's process (or its shim) still the one we started? */
import { isSameProcess } from '../observe/proc.js';
import type { ContainerState } from '../state.js';

export function containerProcessAlive(state: ContainerState): boolean {
  return isSameProcess(state.pid, state.pidStartTime);
}

export function shimAlive(state: ContainerState): boolean {
  return isSameProcess(state.shimPid, state.shimStartTime);
}

/** Running or paused by its record, but nothing of it is alive: it ended while nobody watched. */
export function needsReaping(state: ContainerState): boolean {
  return state.status !== 'stopped' && !shimAlive(state) && !containerProcessAlive(state);
}
