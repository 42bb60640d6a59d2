/**
 * Where images live under the data dir, content-addressed:
 *   images/blobs/sha256/HEX   config blobs and uncompressed layer tars, named by their sha256
 *   images/layers/HEX         each layer unpacked once (HEX = its diff_id), an overlay lowerdir
 *   images/records/HEX.json   one image: its config digest, tags and layer list
 *   images/tmp/               loads and unpacks in progress (gc removes a dead process's)
 * A layer shared by two images is one blob and one directory.
 */
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { TslabError } from '../errors.js';
import { withFileLock } from '../file-lock.js';
import { jsonFileNames, readJson, writeJsonAtomic } from '../json-files.js';
import type { TslabPaths } from '../paths.js';
import type { ImageConfig } from './config.js';

export interface ImageRecord {
  /** sha256:HEX of the config blob: the image's id, as docker's. */
  id: string;
  /** name:tag references. */
  repoTags: string[];
  /** diff_ids (sha256 of each uncompressed layer tar), base layer first. */
  layers: string[];
  config: ImageConfig;
  /** Bytes of the unpacked layers' tars. */
  size: number;
  loadedAt: string;
}

export const imagesDir = (p: TslabPaths): string => path.join(p.dataDir, 'images');
export const blobPath = (p: TslabPaths, digest: string): string => path.join(imagesDir(p), 'blobs', 'sha256', hexOf(digest));
export const layerDir = (p: TslabPaths, diffId: string): string => path.join(imagesDir(p), 'layers', hexOf(diffId));
export const recordsDir = (p: TslabPaths): string => path.join(imagesDir(p), 'records');
export const tmpDir = (p: TslabPaths): string => path.join(imagesDir(p), 'tmp');
const recordPath = (p: TslabPaths, id: string): string => path.join(recordsDir(p), `${hexOf(id)}.json`);

export function hexOf(digest: string): string {
  const match = /^sha256:([0-9a-f]{64})$/.exec(digest);
  if (!match) throw new TslabError('E_IMAGE_DIGEST', `unsupported digest ${JSON.stringify(digest)}`, { hint: 'tslab verifies sha256 digests (sha256:64 hex digits)' });
  return match[1]!;
}

export async function ensureImageDirs(p: TslabPaths): Promise<void> {
  for (const dir of [path.join(imagesDir(p), 'blobs', 'sha256'), path.join(imagesDir(p), 'layers'), recordsDir(p), tmpDir(p)]) {
    await mkdir(dir, { recursive: true, mode: 0o700 });
  }
}

/** Loads, removals and commits change shared layers: one at a time. */
export async function withImageLock<T>(p: TslabPaths, fn: () => Promise<T>): Promise<T> {
  await ensureImageDirs(p);
  return withFileLock(path.join(imagesDir(p), '.lock'), {
    timeoutMs: 120_000,
    busy: () => new TslabError('E_IMAGE_BUSY', 'another tslab is loading or removing images', { hint: 'wait for it to finish, then retry' }),
  }, fn);
}

export async function listImages(p: TslabPaths): Promise<ImageRecord[]> {
  const records = await Promise.all((await jsonFileNames(recordsDir(p))).map((hex) => readJson<ImageRecord>(path.join(recordsDir(p), `${hex}.json`))));
  return records.filter((r): r is ImageRecord => r !== undefined).sort((a, b) => a.loadedAt.localeCompare(b.loadedAt));
}

export async function writeImage(p: TslabPaths, record: ImageRecord): Promise<void> {
  await writeJsonAtomic(recordPath(p, record.id), record);
}

export async function removeImageRecord(p: TslabPaths, id: string): Promise<void> {
  await rm(recordPath(p, id), { force: true });
}

/** `name` means `name:latest`, as docker's. */
export function normalizeRef(ref: string): string {
  const lastSlash = ref.lastIndexOf('/');
  return ref.indexOf(':', lastSlash + 1) === -1 ? `${ref}:latest` : ref;
}

/** An image by name[:tag], full id, or an id prefix of at least 4 hex digits; undefined when none. */
export function matchImage(images: readonly ImageRecord[], ref: string): ImageRecord | undefined {
  const tagged = images.find((i) => i.repoTags.includes(normalizeRef(ref)));
  if (tagged) return tagged;
  const hex = ref.startsWith('sha256:') ? ref.slice(7) : ref;
  if (!/^[0-9a-f]{4,64}$/.test(hex)) return undefined;
  const found = images.filter((i) => i.id.slice(7).startsWith(hex));
  if (found.length > 1) throw new TslabError('E_IMAGE_AMBIGUOUS', `image id ${ref} matches ${found.length} images`, { hint: 'give more digits of the id' });
  return found[0];
}

export async function findImage(p: TslabPaths, ref: string): Promise<ImageRecord> {
  const image = matchImage(await listImages(p), ref);
  if (!image) {
    throw new TslabError('E_NO_IMAGE', `no image ${JSON.stringify(ref)}`, { hint: 'see `tslab image ls`; load one with `tslab image load -i FILE.tar`' });
  }
  return image;
}

/** The overlay lowerdirs of an image, uppermost first (the shim's order). */
export function imageLowerDirs(p: TslabPaths, image: ImageRecord): string[] {
  return image.layers.map((diffId) => layerDir(p, diffId)).reverse();
}
