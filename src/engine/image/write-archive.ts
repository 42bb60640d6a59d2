/**
 * Writing image archives in both formats tslab reads: `docker save`'s
 * (manifest.json, CONFIG.json, ID/layer.tar) and an OCI image layout
 * (oci-layout, index.json, blobs/sha256/...). The tests build their images
 * with this, and a layer shared by two images is written once, as the real
 * tools do.
 */
import { createHash } from 'node:crypto';
import { TarWriter, type TarSink } from './tar/writer.js';
import type { ImageConfig } from './config.js';

export interface LayerBlob {
  /** sha256:HEX of the uncompressed tar (the config's diff_id). */
  digest: string;
  size: number;
  data: () => AsyncIterable<Buffer>;
}

export interface ImageToWrite {
  repoTags: string[];
  /** Its rootfs.diff_ids are filled from the layers. */
  config: Omit<ImageConfig, 'rootfs'>;
  layers: LayerBlob[];
}

export type ArchiveFormat = 'docker' | 'oci';

export const sha256 = (data: Buffer | string): string => `sha256:${createHash('sha256').update(data).digest('hex')}`;

export function bufferLayer(tar: Buffer): LayerBlob {
  return { digest: sha256(tar), size: tar.length, data: async function* () { yield tar; } };
}

/** The config as stored: rootfs.diff_ids from the layers, serialized once so its digest is stable. */
export function configBlob(image: ImageToWrite): Buffer {
  return Buffer.from(JSON.stringify({ ...image.config, rootfs: { type: 'layers', diff_ids: image.layers.map((l) => l.digest) } }));
}

export async function writeImageArchive(sink: TarSink, images: ImageToWrite[], format: ArchiveFormat): Promise<void> {
  const tar = new TarWriter(sink);
  const written = new Set<string>();
  const dir = async (name: string) => tar.add({ name, type: 'directory', mode: 0o755 });
  const blob = async (name: string, data: Buffer) => {
    if (written.has(name)) return;
    written.add(name);
    await tar.add({ name, type: 'file', size: data.length }, data);
  };
  const layer = async (name: string, l: LayerBlob) => {
    if (written.has(name)) return;
    written.add(name);
    await tar.add({ name, type: 'file', size: l.size }, l.data());
  };

  if (format === 'docker') {
    const manifest = [];
    for (const image of images) {
      const config = configBlob(image);
      const configName = `${sha256(config).slice(7)}.json`;
      await blob(configName, config);
      const layers = [];
      for (const l of image.layers) {
        const id = l.digest.slice(7);
        if (!written.has(`${id}/`)) {
          written.add(`${id}/`);
          await dir(`${id}/`);
        }
        await layer(`${id}/layer.tar`, l);
        layers.push(`${id}/layer.tar`);
      }
      manifest.push({ Config: configName, RepoTags: image.repoTags, Layers: layers });
    }
    await blob('manifest.json', Buffer.from(JSON.stringify(manifest)));
  } else {
    await blob('oci-layout', Buffer.from(JSON.stringify({ imageLayoutVersion: '1.0.0' })));
    for (const d of ['blobs/', 'blobs/sha256/']) await dir(d);
    const manifests = [];
    for (const image of images) {
      const config = configBlob(image);
      await blob(`blobs/sha256/${sha256(config).slice(7)}`, config);
      for (const l of image.layers) await layer(`blobs/sha256/${l.digest.slice(7)}`, l);
      const manifest = Buffer.from(JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha256(config), size: config.length },
        layers: image.layers.map((l) => ({ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: l.digest, size: l.size })),
      }));
      await blob(`blobs/sha256/${sha256(manifest).slice(7)}`, manifest);
      manifests.push({
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        digest: sha256(manifest),
        size: manifest.length,
        ...(image.repoTags[0] ? { annotations: { 'io.containerd.image.name': image.repoTags[0], 'org.opencontainers.image.ref.name': image.repoTags[0].split(':').pop() } } : {}),
      });
    }
    await blob('index.json', Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests })));
  }
  await tar.end();
}
