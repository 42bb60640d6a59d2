/**
 * rm: a stopped container's state and upper layer go; -f stops a running one first.
 * Several rm of one container at once: as with docker, one removes it and the
 * others fail with "no such container" (it was removed by another command).
 * The exception is a container run with --rm: stopping it removes it, so an
 * rm -f that stopped it succeeds whoever did the final removal.
 */
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
  const removedByItsRm = state.spec.autoRemove && current === undefined;
  await engine.store
    .withLock(state.id, async () => {
      // Read again under the lock: another rm may have removed it while we waited.
      if (!(await engine.store.read(state.id))) throw removedElsewhere(state);
      await removeContainerData(engine.paths, state.id);
      await engine.store.remove(state);
    })
    .catch((error: unknown) => {
      if (removedByItsRm && error instanceof TslabError && error.code === 'E_NO_SUCH_CONTAINER') return;
      if (error instanceof TslabError && error.code === 'E_NO_SUCH_CONTAINER') throw removedElsewhere(state);
      throw error;
    });
}

function removedElsewhere(state: ContainerState): TslabError {
  return new TslabError('E_NO_SUCH_CONTAINER', `no such container: ${state.name} (another command removed it)`, { hint: 'see `tslab ps -a`' });
}
