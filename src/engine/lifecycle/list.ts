/** ps: containers from disk, with those that ended unwatched reaped first so the status is true. */
import type { Engine } from '../engine.js';
import type { ContainerState } from '../state.js';
import { needsReaping } from './liveness.js';
import { reapContainer } from './reap.js';

export async function listContainers(engine: Engine): Promise<ContainerState[]> {
  const states = await engine.store.list();
  const fresh = await Promise.all(states.map(async (state) => (needsReaping(state) ? reapContainer(engine, state.id) : state)));
  return fresh.filter((s): s is ContainerState => s !== undefined);
}

export async function findContainer(engine: Engine, ref: string): Promise<ContainerState> {
  const state = await engine.store.resolve(ref);
  if (!needsReaping(state)) return state;
  // Reaping removes an --rm container; resolving again then says "no such container".
  return (await reapContainer(engine, state.id)) ?? engine.store.resolve(ref);
}
