/**
 * Image tarballs for tests, built with tslab's own tar and archive writers:
 * a busybox base layer shared by two images, a layer that deletes a file
 * (whiteout) and one that replaces a directory (opaque), in either format,
 * and layers with hostile entries written raw.
 */
import { readFileSync } from 'node:fs';
import { TarWriter, type WriteEntry } from '../../src/engine/image/tar/writer.js';
import { bufferLayer, writeImageArchive, type ArchiveFormat, type ImageToWrite, type LayerBlob } from '../../src/engine/image/write-archive.js';

export interface FixtureEntry extends Partial<WriteEntry> {
  name: string;
  content?: string | Buffer;
}

/** A layer tar from entries; type defaults to file (or directory for names ending in /). */
export async function layerTar(entries: FixtureEntry[]): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const tar = new TarWriter({ write: (c) => void chunks.push(c) });
  for (const { content, ...entry } of entries) {
    const type = entry.type ?? (entry.name.endsWith('/') ? 'directory' : 'file');
    const data = content === undefined ? undefined : Buffer.from(content);
    await tar.add({ mode: type === 'directory' ? 0o755 : 0o644, ...entry, type, ...(data ? { size: data.length } : {}) }, data);
  }
  await tar.end();
  return Buffer.concat(chunks);
}

export async function archive(images: ImageToWrite[], format: ArchiveFormat): Promise<Buffer> {
  const chunks: Buffer[] = [];
  await writeImageArchive({ write: (c) => void chunks.push(c) }, images, format);
  return Buffer.concat(chunks);
}

const APPLETS = ['sh', 'ls', 'cat', 'echo', 'id', 'pwd', 'env', 'test', 'rm', 'mkdir', 'touch', 'stat', 'sleep', 'find', 'true', 'printf'];

/** The host's static busybox as a base layer: /bin/sh and a few applets, /etc with a user. */
export async function baseLayer(): Promise<LayerBlob> {
  const busybox = readFileSync('/bin/busybox');
  return bufferLayer(await layerTar([
    { name: 'bin/' },
    { name: 'bin/busybox', mode: 0o755, content: busybox },
    ...APPLETS.map((a): FixtureEntry => ({ name: `bin/${a}`, type: 'symlink', linkname: 'busybox' })),
    { name: 'etc/' },
    { name: 'etc/passwd', content: 'root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000:app:/home/app:/bin/sh\n' },
    { name: 'etc/group', content: 'root:x:0:\napp:x:1000:\n' },
    { name: 'home/' },
    { name: 'home/app/', uid: 1000, gid: 1000 },
    { name: 'tmp/', mode: 0o1777 },
    { name: 'proc/' }, { name: 'sys/' }, { name: 'dev/' },
    { name: 'data/' },
    { name: 'data/old/' },
    { name: 'data/old/a', content: 'a from base\n' },
    { name: 'data/old/b', content: 'b from base\n' },
    { name: 'data/gone', content: 'deleted by the next layer\n' },
    { name: 'data/kept', content: 'kept\n' },
  ]));
}

/** The second layer: deletes data/gone (whiteout), replaces data/old (opaque), adds a file. */
export async function changesLayer(): Promise<LayerBlob> {
  return bufferLayer(await layerTar([
    { name: 'data/' },
    { name: 'data/.wh.gone' },
    { name: 'data/old/' },
    { name: 'data/old/.wh..wh..opq' },
    { name: 'data/old/c', content: 'c from layer 2\n' },
    { name: 'data/added', content: 'added by layer 2\n' },
  ]));
}

/** Two images on one base layer: `app:1` (with the changes layer and a config) and `plain:1`. */
export async function twoImages(): Promise<ImageToWrite[]> {
  const base = await baseLayer();
  return [
    {
      repoTags: ['app:1'],
      config: {
        architecture: 'amd64',
        os: 'linux',
        config: {
          Entrypoint: ['/bin/sh', '-c'],
          Cmd: ['echo "cmd as $(id -u):$(id -g) in $(pwd) GREETING=$GREETING"'],
          Env: ['PATH=/bin', 'GREETING=hello'],
          WorkingDir: '/home/app',
          User: 'app',
          ExposedPorts: { '80/tcp': {}, '53/udp': {} },
        },
      },
      layers: [base, await changesLayer()],
    },
    { repoTags: ['plain:1'], config: { architecture: 'amd64', os: 'linux', config: { Cmd: ['/bin/sh'], Env: ['PATH=/bin'] } }, layers: [base] },
  ];
}

/** One image whose only layer is `entries` (for hostile archives). */
export async function oneLayerImage(tag: string, entries: FixtureEntry[]): Promise<ImageToWrite[]> {
  return [{ repoTags: [tag], config: { os: 'linux', config: { Cmd: ['/bin/sh'] } }, layers: [bufferLayer(await layerTar(entries))] }];
}
