/**
 * `tslab commit NAME IMAGE`: the container's upper dir becomes a new layer on
 * top of its image's (deletions as whiteouts, replaced directories as opaque),
 * stored and recorded like a loaded one. A container of a sandbox or a
 * directory gets that tree as its base layer first.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Engine } from '../engine.js';
import { TslabError } from '../errors.js';
import { findContainer } from '../lifecycle/list.js';
import type { ImageConfig } from './config.js';
import { goArch } from './formats.js';
import { containerLayers } from './export.js';
import { recordImage, storeBlob, storeLayer } from './load.js';
import { findImage, normalizeRef, tmpDir, withImageLock, type ImageRecord } from './store.js';
import { TarWriter } from './tar/writer.js';
import { writeTree } from './tree-tar.js';
import type { UnpackLimits } from './unpack.js';

const TAG = /^[a-z0-9]+(?:[._/-][a-z0-9]+)*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?$/;

export function validateTag(tag: string): void {
  if (!TAG.test(tag)) {
    throw new TslabError('E_BAD_TAG', `invalid image name ${JSON.stringify(tag)}`, { hint: 'use lowercase NAME[:TAG], e.g. tslab commit web web:v2' });
  }
}

export async function commitContainer(engine: Engine, ref: string, tag: string, limits: UnpackLimits): Promise<ImageRecord> {
  validateTag(tag);
  const state = await findContainer(engine, ref);
  const [upper, ...lowers] = containerLayers(state);
  const { paths } = engine;
  return withImageLock(paths, async () => {
    const base = state.spec.root.kind === 'image' ? await findImage(paths, state.spec.root.id) : undefined;
    const staging = await mkdtemp(path.join(tmpDir(paths), `commit-${process.pid}-`));
    const made: string[] = [];
    try {
      const diffIds = [...(base?.layers ?? [])];
      let size = base?.size ?? 0;
      const trees: Array<{ roots: string[]; encode: boolean; name: string }> = [];
      if (!base) trees.push({ roots: lowers, encode: false, name: `the ${state.spec.root.kind} of ${state.name}` });
      trees.push({ roots: [upper!], encode: true, name: `the upper dir of ${state.name}` });
      for (const [i, tree] of trees.entries()) {
        const file = path.join(staging, `tree-${i}.tar`);
        const digest = await tarToFile(file, tree.roots, tree.encode);
        size += await storeLayer(engine, { name: tree.name, member: { file, digest, size: 0 }, gzip: false }, digest, staging, limits, made);
        diffIds.push(digest);
      }
      const now = new Date().toISOString();
      const config: ImageConfig = {
        ...(base?.config ?? { architecture: goArch(), os: 'linux', config: { Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], Cmd: ['sh'] } }),
        created: now,
        rootfs: { type: 'layers', diff_ids: diffIds },
        history: [...(base?.config.history ?? []), { created: now, created_by: `tslab commit ${state.name} ${tag}` }],
      };
      const configBytes = Buffer.from(JSON.stringify(config));
      const configDigest = `sha256:${createHash('sha256').update(configBytes).digest('hex')}`;
      const configFile = path.join(staging, 'config.json');
      await writeFile(configFile, configBytes);
      await storeBlob(paths, configDigest, configFile, made);
      return await recordImage(paths, { id: configDigest, repoTags: [normalizeRef(tag)], layers: diffIds, config, size, loadedAt: now });
    } catch (error) {
      for (const file of made.reverse()) await rm(file, { recursive: true, force: true });
      throw error;
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  });
}

async function tarToFile(file: string, roots: string[], encode: boolean): Promise<string> {
  const hash = createHash('sha256');
  const out = createWriteStream(file, { mode: 0o600 });
  const tar = new TarWriter({
    write: (chunk) => {
      hash.update(chunk);
      return out.write(chunk) ? undefined : once(out, 'drain').then(() => undefined);
    },
  });
  await writeTree(tar, roots, { encodeWhiteouts: encode });
  await tar.end();
  out.end();
  await once(out, 'finish');
  return `sha256:${hash.digest('hex')}`;
}
