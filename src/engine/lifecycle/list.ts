/**
 * ps and name lookup. ps is a read: it shows what is true now (a container
 * whose shim wrote its exit is Exited; one whose shim died but whose process
 * runs is Up without a monitor) and changes nothing on the host. Reaping and
 * ending orphans happen in the commands that change a container, and in gc.
 */
import type { Engine } from '../engine.js';
import type { ContainerState } from '../state.js';
import { containerProcessAlive, needsReaping } from './liveness.js';
import { readExitFile, reapContainer, UNKNOWN_EXIT } from './reap.js';

/** A container as ps shows it: its record, corrected by what the kernel and the exit file say. */
export type ContainerView = ContainerState & {
  /** Its shim died while the container's process still runs: nothing will record its exit (rm -f or gc ends it). */
  unmonitored?: boolean;
};

export async function listContainers(engine: Engine): Promise<ContainerView[]> {
  return Promise.all((await engine.store.list()).map((state) => observedState(engine, state)));
}

async function observedState(engine: Engine, state: ContainerState): Promise<ContainerView> {
  if (!needsReaping(state)) return state;
  const exit = await readExitFile(engine, state.id);
  if (!exit && containerProcessAlive(state)) return { ...state, unmonitored: true };
  return { ...state, status: 'stopped', exitCode: exit?.code ?? UNKNOWN_EXIT, exitSignal: exit?.signal ?? 0 };
}

/** For the commands that act on a container: one that ended unwatched is reaped first, so they act on the truth. */
export async function findContainer(engine: Engine, ref: string): Promise<ContainerState> {
  const state = await engine.store.resolve(ref);
  if (!needsReaping(state)) return state;
  // Reaping removes an --rm container; resolving again then says "no such container".
  return (await reapContainer(engine, state.id)) ?? engine.store.resolve(ref);
}
