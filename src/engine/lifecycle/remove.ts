/** rm: a stopped container's state and upper layer go; -f stops a running one first. */
import { TslabError } from '../errors.js';
import type { Engine } from '../engine.js';
import { removeContainerData } from '../rootfs/layers.js';
import type { ContainerState } from '../state.js';
import { containerProcessAlive } from './liveness.js';
import { reapContainer } from './reap.js';
import { stopContainer } from './stop.js';

export async function removeContainer(engine: Engine, state: ContainerState, options: { force: boolean }): Promise<void> {
  let current: ContainerState | undefined = state;
  if (current.status !== 'stopped') current = await reapContainer(engine, state.id);
  if (current && current.status !== 'stopped' && containerProcessAlive(current)) {
    if (!options.force) {
      throw new TslabError('E_CONTAINER_RUNNING', `container ${state.name} is ${current.status}`, {
        hint: `stop it first (\`tslab stop ${state.name}\`) or remove it anyway with \`tslab rm -f ${state.name}\``,
      });
    }
    current = await stopContainer(engine, current, 0);
  }
  await engine.store.withLock(state.id, async () => {
    await removeContainerData(engine.paths, state.id);
    await engine.store.remove(state);
  }).catch((error: unknown) => {
    // Already removed by its own --rm hook while we waited: nothing left to do.
    if (!(error instanceof TslabError && error.code === 'E_NO_SUCH_CONTAINER')) throw error;
  });
}
