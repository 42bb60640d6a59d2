/**
 * `tslab image import FILE NAME`: a flat root filesystem tar (what `tslab
 * export` and `docker export` write) as a one-layer image, docker's import.
 * The tar is unpacked with the same checks as any layer.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Engine } from '../engine.js';
import type { ImageConfig } from './config.js';
import { goArch } from './formats.js';
import { recordImage, storeBlob, storeLayer } from './load.js';
import { normalizeRef, tmpDir, withImageLock, type ImageRecord } from './store.js';
import type { UnpackLimits } from './unpack.js';
import { validateTag } from './commit.js';

export async function importRootfs(engine: Engine, source: AsyncIterable<Buffer>, tag: string, limits: UnpackLimits): Promise<ImageRecord> {
  const { paths } = engine;
  validateTag(tag);
  return withImageLock(paths, async () => {
    const staging = await mkdtemp(path.join(tmpDir(paths), `import-${process.pid}-`));
    const made: string[] = [];
    try {
      const file = path.join(staging, 'rootfs.tar');
      const hash = createHash('sha256');
      const out = createWriteStream(file, { mode: 0o600 });
      for await (const chunk of source) {
        hash.update(chunk);
        if (!out.write(chunk)) await once(out, 'drain');
      }
      out.end();
      await once(out, 'finish');
      const diffId = `sha256:${hash.digest('hex')}`;
      const size = await storeLayer(engine, { name: 'the imported tar', member: { file, digest: diffId, size: 0 }, gzip: false }, diffId, staging, limits, made);
      const now = new Date().toISOString();
      const config: ImageConfig = {
        architecture: goArch(),
        os: 'linux',
        created: now,
        config: { Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'] },
        rootfs: { type: 'layers', diff_ids: [diffId] },
        history: [{ created: now, created_by: 'tslab image import' }],
      };
      const configBytes = Buffer.from(JSON.stringify(config));
      const configDigest = `sha256:${createHash('sha256').update(configBytes).digest('hex')}`;
      await writeFile(path.join(staging, 'config.json'), configBytes);
      await storeBlob(paths, configDigest, path.join(staging, 'config.json'), made);
      return await recordImage(paths, { id: configDigest, repoTags: [normalizeRef(tag)], layers: [diffId], config, size, loadedAt: now });
    } catch (error) {
      for (const file of made.reverse()) await rm(file, { recursive: true, force: true });
      throw error;
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  });
}
