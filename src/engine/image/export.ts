/**
 * `tslab export NAME`: the container's root filesystem as one flat tar, the
 * merged view of its upper dir over its lower layers, read from the host
 * without mounting anything (tree-tar.ts applies the whiteouts).
 */
import type { Engine } from '../engine.js';
import { TslabError } from '../errors.js';
import { findContainer } from '../lifecycle/list.js';
import type { ContainerState } from '../state.js';
import { TarWriter, type TarSink } from './tar/writer.js';
import { writeTree } from './tree-tar.js';

export function containerLayers(state: ContainerState): string[] {
  if (!state.rootfs.upper) {
    throw new TslabError('E_NO_ROOTFS', `container ${state.name} has no root filesystem yet`, { hint: 'export or commit a container once it has been created' });
  }
  return [state.rootfs.upper, ...state.rootfs.lower];
}

export async function exportContainer(engine: Engine, ref: string, sink: TarSink): Promise<void> {
  const state = await findContainer(engine, ref);
  const tar = new TarWriter(sink);
  await writeTree(tar, containerLayers(state), { encodeWhiteouts: false });
  await tar.end();
}
