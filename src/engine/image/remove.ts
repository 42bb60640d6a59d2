/**
 * Removing images, and the layers and blobs no image and no container uses
 * any more. `tslab gc` calls the same pruning, so a crash between removing a
 * record and its layers is finished later.
 */
import { existsSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { TslabError } from '../errors.js';
import { isSameProcess } from '../observe/proc.js';
import type { TslabPaths } from '../paths.js';
import type { StateStore } from '../state.js';
import { blobPath, hexOf, imagesDir, layerDir, listImages, matchImage, normalizeRef, removeImageRecord, tmpDir, withImageLock, writeImage } from './store.js';

export interface RemoveResult {
  untagged: string[];
  deleted: string[];
}

export async function removeImage(paths: TslabPaths, store: StateStore, ref: string, options: { force: boolean }): Promise<RemoveResult> {
  return withImageLock(paths, async () => {
    const images = await listImages(paths);
    const image = matchImage(images, ref);
    if (!image) throw new TslabError('E_NO_IMAGE', `no image ${JSON.stringify(ref)}`, { hint: 'see `tslab image ls`' });
    const tag = normalizeRef(ref);
    // By tag, when the image has other tags: only that tag goes (docker's rule).
    if (image.repoTags.includes(tag) && image.repoTags.length > 1) {
      await writeImage(paths, { ...image, repoTags: image.repoTags.filter((t) => t !== tag) });
      return { untagged: [tag], deleted: [] };
    }
    const users = (await store.list()).filter((s) => s.spec.root.kind === 'image' && s.spec.root.id === image.id);
    if (users.length > 0 && !options.force) {
      throw new TslabError('E_IMAGE_IN_USE', `image ${ref} is used by container ${users.map((u) => u.name).join(', ')}`, {
        hint: `remove the container first (tslab rm -f ${users[0]!.name}), or force with tslab image rm -f`,
      });
    }
    await removeImageRecord(paths, image.id);
    await pruneImageData(paths, store);
    return { untagged: image.repoTags, deleted: [image.id] };
  });
}

/** Layers and blobs no image record and no container (by its lowerdirs) refers to; removed, and named. */
export async function pruneImageData(paths: TslabPaths, store: StateStore): Promise<string[]> {
  const images = await listImages(paths);
  const wanted = new Set<string>();
  for (const image of images) for (const digest of [image.id, ...image.layers]) wanted.add(hexOf(digest));
  for (const state of await store.list()) for (const lower of state.rootfs.lower) if (path.dirname(lower) === path.join(imagesDir(paths), 'layers')) wanted.add(path.basename(lower));
  const removed: string[] = [];
  for (const hex of await names(path.join(imagesDir(paths), 'layers'))) {
    if (wanted.has(hex)) continue;
    await rm(layerDir(paths, `sha256:${hex}`), { recursive: true, force: true });
    removed.push(`image layer ${hex}`);
  }
  for (const hex of await names(path.join(imagesDir(paths), 'blobs', 'sha256'))) {
    if (wanted.has(hex) || !/^[0-9a-f]{64}$/.test(hex)) continue;
    await rm(blobPath(paths, `sha256:${hex}`), { force: true });
    removed.push(`image blob ${hex}`);
  }
  return removed;
}

/**
 * gc's part for images: loads and commits a dead tslab left half done, and
 * unused layers. With --all, every image too (nothing tslab stored remains).
 */
export async function collectImageGarbage(paths: TslabPaths, store: StateStore, options: { all: boolean }): Promise<string[]> {
  if (!existsSync(imagesDir(paths))) return [];
  return withImageLock(paths, () => collectLocked(paths, store, options));
}

async function collectLocked(paths: TslabPaths, store: StateStore, options: { all: boolean }): Promise<string[]> {
  const removed: string[] = [];
  for (const entry of await names(tmpDir(paths))) {
    const owner = /^[a-z]+-(\d+)-/.exec(entry);
    if (owner && isSameProcess(Number(owner[1]), undefined)) continue;
    await rm(path.join(tmpDir(paths), entry), { recursive: true, force: true });
    removed.push(`image staging ${entry}`);
  }
  if (options.all) {
    for (const image of await listImages(paths)) {
      await removeImageRecord(paths, image.id);
      removed.push(`image ${image.repoTags[0] ?? image.id}`);
    }
  }
  removed.push(...(await pruneImageData(paths, store)));
  if (options.all && (await listImages(paths)).length === 0 && (await names(path.join(imagesDir(paths), 'layers'))).length === 0) {
    await rm(imagesDir(paths), { recursive: true, force: true });
  }
  return removed;
}

async function names(dir: string): Promise<string[]> {
  return readdir(dir).catch(() => []);
}
