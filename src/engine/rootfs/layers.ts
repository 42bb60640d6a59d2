/**
 * A container's root filesystem is an overlay: the sandbox (or --rootfs dir) as
 * the read-only lower layer, and the container's own upper and work dirs. The
 * shim mounts it inside the container's private mount namespace, so it vanishes
 * with the container and is never visible on the host.
 */
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { containerDataDir, type TslabPaths } from '../paths.js';
import type { RootSource } from '../spec/types.js';
import type { RootfsLayers } from '../state.js';
import type { Engine } from '../engine.js';
import { ensureSandbox } from './sandbox.js';
import { findImage, imageLowerDirs } from '../image/store.js';

export async function prepareRootfsLayers(engine: Engine, id: string, root: RootSource): Promise<RootfsLayers> {
  const lower = root.kind === 'sandbox' ? [await ensureSandbox(engine, root.name)] : root.kind === 'image' ? await imageLowers(engine.paths, root.id) : [root.path];
  const dir = containerDataDir(engine.paths, id);
  const layers: RootfsLayers = {
    lower,
    upper: path.join(dir, 'upper'),
    work: path.join(dir, 'work'),
    merged: path.join(dir, 'merged'),
  };
  engine.host.record('command', `mkdir -p ${layers.upper} ${layers.work} ${layers.merged}`);
  for (const layer of [layers.upper, layers.work, layers.merged]) await mkdir(layer, { recursive: true, mode: 0o755 });
  return layers;
}

/** Remove the container's data directory (upper layer, logs); idempotent. */
export async function removeContainerData(paths: TslabPaths, id: string): Promise<void> {
  await rm(containerDataDir(paths, id), { recursive: true, force: true });
}

/** An image's layers, uppermost first; the image must still be loaded. */
async function imageLowers(paths: TslabPaths, id: string): Promise<string[]> {
  return imageLowerDirs(paths, await findImage(paths, id));
}
