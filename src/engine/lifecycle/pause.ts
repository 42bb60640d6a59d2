/** pause/unpause: the cgroup freezer stops every process in the container at once. */
import { getCgroupDriver } from '../cgroups/detect.js';
import { TslabError } from '../errors.js';
import type { Engine } from '../engine.js';
import type { ContainerState } from '../state.js';

async function containerCgroup(engine: Engine, state: ContainerState) {
  const cgroup = (await getCgroupDriver(engine)).open(state.id);
  if (!cgroup) throw new TslabError('E_NOT_RUNNING', `container ${state.name} has no cgroup: it is not running`, { hint: 'see `tslab ps -a`' });
  return cgroup;
}

export async function pauseContainer(engine: Engine, state: ContainerState): Promise<void> {
  if (state.status !== 'running') {
    throw new TslabError('E_NOT_RUNNING', `container ${state.name} is ${state.status}, not running`, { hint: 'only a running container can be paused' });
  }
  await engine.store.withLock(state.id, async () => {
    await (await containerCgroup(engine, state)).freeze();
    state.status = 'paused';
    await engine.store.write(state);
  });
}

export async function unpauseContainer(engine: Engine, state: ContainerState): Promise<void> {
  if (state.status !== 'paused') {
    throw new TslabError('E_NOT_PAUSED', `container ${state.name} is not paused`, { hint: 'see `tslab ps`' });
  }
  await engine.store.withLock(state.id, async () => {
    await (await containerCgroup(engine, state)).thaw();
    state.status = 'running';
    await engine.store.write(state);
  });
}
