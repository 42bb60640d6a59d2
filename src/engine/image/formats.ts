/**
 * What a staged archive holds, for the two formats tslab reads:
 * - `docker save`: manifest.json lists each image's config file, tags and
 *   layer tars (`ID/layer.tar`, or `blobs/sha256/HEX` since docker 25);
 * - an OCI image layout: oci-layout, index.json pointing (maybe through a
 *   nested index) at manifests, each naming its config and layers by digest.
 * Every blob named by a digest is checked against it here; each layer's
 * uncompressed digest is checked against the config's diff_ids while it unpacks.
 */
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { TslabError } from '../errors.js';
import { parseImageConfig, type ImageConfig } from './config.js';
import { stagedMember, type StagedArchive, type StagedFile } from './stage.js';

export interface LayerToLoad {
  name: string;
  member: StagedFile;
  gzip: boolean;
}

export interface ImageToLoad {
  repoTags: string[];
  configDigest: string;
  configBlob: StagedFile;
  config: ImageConfig;
  layers: LayerToLoad[];
}

interface Descriptor {
  mediaType?: string;
  digest: string;
  size: number;
  annotations?: Record<string, string>;
  platform?: { os?: string; architecture?: string };
}

const bad = (message: string, hint = 'the archive is corrupt or not an image archive') => new TslabError('E_IMAGE_ARCHIVE', message, { hint });
const mismatch = (what: string, expected: string, actual: string) =>
  new TslabError('E_IMAGE_DIGEST', `${what}: digest ${actual} does not match ${expected}`, { hint: 'the archive was changed or damaged after it was made; nothing was kept' });

function json<T>(file: StagedFile, name: string): T {
  try {
    return JSON.parse(readFileSync(file.file, 'utf8')) as T;
  } catch {
    throw bad(`${name} is not valid JSON`);
  }
}

function member(archive: StagedArchive, name: string): StagedFile {
  const file = stagedMember(archive, name);
  if (!file) throw bad(`the archive has no ${name}`);
  return file;
}

export function readArchive(archive: StagedArchive): ImageToLoad[] {
  if (archive.files.has('oci-layout') && archive.files.has('index.json') && !archive.files.has('manifest.json')) return readOciLayout(archive);
  if (archive.files.has('manifest.json')) return readDockerSave(archive);
  throw bad('the archive has neither manifest.json (docker save) nor oci-layout and index.json (OCI image layout)');
}

function readDockerSave(archive: StagedArchive): ImageToLoad[] {
  const manifest = json<Array<{ Config: string; RepoTags?: string[] | null; Layers: string[] }>>(member(archive, 'manifest.json'), 'manifest.json');
  if (!Array.isArray(manifest) || manifest.length === 0) throw bad('manifest.json lists no images');
  return manifest.map((entry) => {
    if (typeof entry.Config !== 'string' || !Array.isArray(entry.Layers)) throw bad('manifest.json entry without Config and Layers');
    const configBlob = member(archive, entry.Config);
    // The config is named by its own digest (HEX.json, or blobs/sha256/HEX).
    const named = /(?:^|\/)([0-9a-f]{64})(?:\.json)?$/.exec(entry.Config)?.[1];
    if (named && configBlob.digest !== `sha256:${named}`) throw mismatch(entry.Config, `sha256:${named}`, configBlob.digest);
    const layers = entry.Layers.map((name) => {
      const layer = member(archive, name);
      const blobHex = /^blobs\/sha256\/([0-9a-f]{64})$/.exec(name)?.[1];
      if (blobHex && layer.digest !== `sha256:${blobHex}`) throw mismatch(name, `sha256:${blobHex}`, layer.digest);
      return { name, member: layer, gzip: isGzip(layer) };
    });
    return finish(entry.RepoTags ?? [], configBlob, entry.Config, layers);
  });
}

function readOciLayout(archive: StagedArchive): ImageToLoad[] {
  const index = json<{ manifests?: Descriptor[] }>(member(archive, 'index.json'), 'index.json');
  const images: ImageToLoad[] = [];
  const visit = (descriptor: Descriptor, tags: string[], depth: number) => {
    if (depth > 4) throw bad('index.json nests indexes too deeply');
    const blob = verifiedBlob(archive, descriptor);
    const type = descriptor.mediaType ?? '';
    if (type.endsWith('image.index.v1+json') || type.endsWith('manifest.list.v2+json')) {
      for (const child of json<{ manifests?: Descriptor[] }>(blob, descriptor.digest).manifests ?? []) {
        if (child.platform && (child.platform.os !== 'linux' || child.platform.architecture !== goArch())) continue;
        visit(child, tags, depth + 1);
      }
      return;
    }
    const manifest = json<{ config?: Descriptor; layers?: Descriptor[] }>(blob, descriptor.digest);
    if (!manifest.config || !Array.isArray(manifest.layers)) throw bad(`manifest ${descriptor.digest} has no config or layers`);
    const configBlob = verifiedBlob(archive, manifest.config);
    const layers = manifest.layers.map((layer) => {
      const mediaType = layer.mediaType ?? '';
      if (/zstd/.test(mediaType)) throw new TslabError('E_IMAGE_UNSUPPORTED', `layer ${layer.digest} is ${mediaType}`, { hint: 'tslab reads tar and tar+gzip layers; re-save the image without zstd' });
      return { name: `blobs/sha256/${layer.digest.slice(7)}`, member: verifiedBlob(archive, layer), gzip: /gzip/.test(mediaType) };
    });
    images.push(finish(tags, configBlob, manifest.config.digest, layers));
  };
  for (const descriptor of index.manifests ?? []) {
    const annotations = descriptor.annotations ?? {};
    const ref = annotations['io.containerd.image.name'] ?? annotations['org.opencontainers.image.ref.name'];
    // A bare ref.name ("latest") is only a tag: without a repository name there is nothing to call the image.
    visit(descriptor, ref && /[:/]/.test(ref) ? [ref] : [], 0);
  }
  if (images.length === 0) throw bad('index.json lists no image for linux/' + goArch());
  return images;
}

function verifiedBlob(archive: StagedArchive, descriptor: Descriptor): StagedFile {
  if (typeof descriptor?.digest !== 'string' || !/^sha256:[0-9a-f]{64}$/.test(descriptor.digest)) {
    throw new TslabError('E_IMAGE_DIGEST', `unsupported digest ${JSON.stringify(descriptor?.digest)}`, { hint: 'tslab verifies sha256 digests' });
  }
  const name = `blobs/sha256/${descriptor.digest.slice(7)}`;
  const blob = member(archive, name);
  if (blob.digest !== descriptor.digest) throw mismatch(name, descriptor.digest, blob.digest);
  if (blob.size !== descriptor.size) throw bad(`${name} is ${blob.size} bytes, its descriptor says ${descriptor.size}`);
  return blob;
}

function finish(repoTags: string[], configBlob: StagedFile, where: string, layers: LayerToLoad[]): ImageToLoad {
  const config = parseImageConfig(readFileSync(configBlob.file), where);
  if (config.rootfs.diff_ids.length !== layers.length) {
    throw bad(`${where} lists ${config.rootfs.diff_ids.length} layers, the manifest ${layers.length}`);
  }
  return { repoTags, configDigest: configBlob.digest, configBlob, config, layers };
}

function isGzip(file: StagedFile): boolean {
  const head = Buffer.alloc(2);
  const fd = openSync(file.file, 'r');
  try {
    readSync(fd, head, 0, 2, 0);
  } finally {
    closeSync(fd);
  }
  return head[0] === 0x1f && head[1] === 0x8b;
}

/** The OCI platform name of this machine's architecture. */
export function goArch(): string {
  return ({ x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386', ppc64: 'ppc64le', s390x: 's390x' } as Record<string, string>)[process.arch] ?? process.arch;
}
