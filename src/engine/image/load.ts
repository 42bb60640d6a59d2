/**
 * `tslab image load`: stage the archive, check every digest, unpack each layer
 * not already stored (once, under its diff_id), then record the image. A
 * refusal at any point removes what this load made: a new layer, a blob, the
 * staging directory. Layers other images already have are only verified.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { once } from 'node:events';
import { copyFile, mkdtemp, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { createGunzip } from 'node:zlib';
import { TslabError } from '../errors.js';
import type { TslabPaths } from '../paths.js';
import type { Engine } from '../engine.js';
import { readArchive, type ImageToLoad, type LayerToLoad } from './formats.js';
import { stageArchive } from './stage.js';
import { blobPath, layerDir, listImages, tmpDir, withImageLock, writeImage, type ImageRecord } from './store.js';
import { readTar } from './tar/reader.js';
import { unpackLayer, type UnpackLimits } from './unpack.js';

export async function loadImages(engine: Engine, source: AsyncIterable<Buffer>, limits: UnpackLimits): Promise<ImageRecord[]> {
  const { paths } = engine;
  return withImageLock(paths, async () => {
    const staging = await mkdtemp(path.join(tmpDir(paths), `load-${process.pid}-`));
    const made: string[] = [];
    try {
      const archive = await stageArchive(source, staging, limits);
      const images = readArchive(archive);
      // Every layer of every image is stored and checked before any image is recorded: a refusal keeps none.
      const stored: ImageRecord[] = [];
      for (const image of images) stored.push(await storeImage(engine, image, staging, limits, made));
      const records: ImageRecord[] = [];
      for (const record of stored) records.push(await recordImage(paths, record));
      return records;
    } catch (error) {
      for (const file of made.reverse()) await rm(file, { recursive: true, force: true });
      throw error;
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  });
}

async function storeImage(engine: Engine, image: ImageToLoad, staging: string, limits: UnpackLimits, made: string[]): Promise<ImageRecord> {
  const { paths } = engine;
  let size = 0;
  for (const [i, layer] of image.layers.entries()) {
    const diffId = image.config.rootfs.diff_ids[i]!;
    size += await storeLayer(engine, layer, diffId, staging, limits, made);
  }
  await storeBlob(paths, image.configDigest, image.configBlob.file, made);
  return {
    id: image.configDigest,
    repoTags: image.repoTags.map((t) => (t.includes(':', t.lastIndexOf('/') + 1) ? t : `${t}:latest`)),
    layers: image.config.rootfs.diff_ids,
    config: image.config,
    size,
    loadedAt: new Date().toISOString(),
  };
}

/** A verified file into the blob store under its digest (kept if already there). */
export async function storeBlob(paths: TslabPaths, digest: string, file: string, made: string[]): Promise<void> {
  const target = blobPath(paths, digest);
  if (existsSync(target)) return;
  await copyFile(file, `${target}.${process.pid}.tmp`);
  await rename(`${target}.${process.pid}.tmp`, target);
  made.push(target);
}

/** Tags move to the newest image that has them; an image keeps its own earlier tags. */
export async function recordImage(paths: TslabPaths, record: ImageRecord): Promise<ImageRecord> {
  const images = await listImages(paths);
  const existing = images.find((i) => i.id === record.id);
  const merged = { ...record, repoTags: [...new Set([...(existing?.repoTags ?? []), ...record.repoTags])], loadedAt: existing?.loadedAt ?? record.loadedAt };
  for (const other of images) {
    if (other.id === record.id || !other.repoTags.some((t) => record.repoTags.includes(t))) continue;
    await writeImage(paths, { ...other, repoTags: other.repoTags.filter((t) => !record.repoTags.includes(t)) });
  }
  await writeImage(paths, merged);
  return merged;
}

/**
 * Unpack one layer (or only verify it when stored already): the uncompressed
 * bytes are hashed and kept as the layer's blob on the way through the unpacker.
 */
export async function storeLayer(engine: Pick<Engine, 'paths' | 'host'>, layer: LayerToLoad, diffId: string, staging: string, limits: UnpackLimits, made: string[]): Promise<number> {
  const { paths } = engine;
  const target = layerDir(paths, diffId);
  const stored = existsSync(target) && existsSync(blobPath(paths, diffId));
  const unpacking = path.join(staging, `layer-${path.basename(target)}`);
  const blobTemp = path.join(staging, `blob-${path.basename(target)}`);
  const hash = createHash('sha256');
  const out = stored ? undefined : createWriteStream(blobTemp, { mode: 0o600 });
  // A write error surfaces at 'finish'; after a refusal the stream is dropped with its staging dir.
  out?.on('error', () => undefined);
  let size = 0;
  const input = createReadStream(layer.member.file);
  const bytes = (async function* () {
    for await (const chunk of layer.gzip ? input.pipe(createGunzip()) : input) {
      const buffer = chunk as Buffer;
      hash.update(buffer);
      size += buffer.length;
      if (out && !out.write(buffer)) await once(out, 'drain');
      yield buffer;
    }
  })();
  try {
    if (stored) for await (const _ of bytes);
    else {
      engine.host.record('note', `unpacking layer ${diffId} into ${target}`);
      await unpackLayer(readTar(bytes), unpacking, layer.name, limits);
      for await (const _ of bytes); // The end-of-archive blocks and padding count in the digest too.
    }
  } catch (error) {
    out?.destroy();
    if (error instanceof TslabError) throw error;
    throw new TslabError('E_IMAGE_ARCHIVE', `layer ${layer.name}: ${(error as Error).message}`, { cause: error, hint: 'the layer is not a valid tar (or gzip) stream; nothing was kept' });
  }
  if (out) {
    out.end();
    await once(out, 'finish');
  }
  const actual = `sha256:${hash.digest('hex')}`;
  if (actual !== diffId) {
    throw new TslabError('E_IMAGE_DIGEST', `layer ${layer.name}: digest ${actual} does not match the config's diff_id ${diffId}`, {
      hint: 'the archive was changed or damaged after it was made; nothing was kept',
    });
  }
  if (!stored) {
    await rm(target, { recursive: true, force: true });
    await rename(unpacking, target);
    made.push(target);
    await rename(blobTemp, blobPath(paths, diffId));
    made.push(blobPath(paths, diffId));
  }
  return size;
}
