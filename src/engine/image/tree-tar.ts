/**
 * A tar of directory trees, as overlayfs stacks them. Given the layers
 * (uppermost first), it writes the merged view: a whiteout (char 0:0) hides
 * the name below, an opaque directory hides what lower layers had in it.
 * That is `tslab export`. Given a single upper dir with `encodeWhiteouts`, it
 * writes a layer for an image instead: the whiteout becomes `.wh.NAME` and an
 * opaque dir gets `.wh..wh..opq`. That is `tslab commit`.
 */
import { createReadStream, type Stats } from 'node:fs';
import { lstat, readdir, readlink } from 'node:fs/promises';
import path from 'node:path';
import { lgetxattr } from '../syscalls.js';
import type { TarWriter } from './tar/writer.js';
import { OPAQUE_MARKER, OPAQUE_XATTR, WHITEOUT_PREFIX } from './unpack.js';

const isWhiteout = (stat: Stats) => stat.isCharacterDevice() && stat.rdev === 0;
const isOpaque = (dir: string) => lgetxattr(dir, OPAQUE_XATTR) === 'y';

export async function writeTree(tar: TarWriter, layers: string[], options: { encodeWhiteouts: boolean }): Promise<void> {
  const hardLinks = new Map<string, string>();
  await walk(tar, layers, '', options.encodeWhiteouts, hardLinks);
}

async function walk(tar: TarWriter, layers: string[], rel: string, encode: boolean, hardLinks: Map<string, string>): Promise<void> {
  const found = new Map<string, { layer: number; stat: Stats }>();
  const hidden = new Set<string>();
  for (const [i, layer] of layers.entries()) {
    const dir = path.join(layer, rel);
    const stat = await lstat(dir).catch(() => undefined);
    if (!stat) continue;
    if (!stat.isDirectory()) break; // A file here in a lower layer is hidden by the directory above it.
    for (const name of await readdir(dir)) {
      if (found.has(name) || hidden.has(name)) continue;
      const entryStat = await lstat(path.join(dir, name));
      if (isWhiteout(entryStat) && !encode) hidden.add(name);
      else found.set(name, { layer: i, stat: entryStat });
    }
    if (isOpaque(dir)) break;
  }
  for (const name of [...found.keys()].sort()) {
    const { layer, stat } = found.get(name)!;
    const relName = rel === '' ? name : `${rel}/${name}`;
    const full = path.join(layers[layer]!, relName);
    const common = { mode: stat.mode & 0o7777, uid: stat.uid, gid: stat.gid, mtime: Math.floor(stat.mtimeMs / 1000) };
    if (encode && isWhiteout(stat)) {
      await tar.add({ name: `${rel === '' ? '' : `${rel}/`}${WHITEOUT_PREFIX}${name}`, type: 'file', mode: 0o644 });
    } else if (stat.isDirectory()) {
      await tar.add({ ...common, name: `${relName}/`, type: 'directory' });
      if (encode && isOpaque(full)) await tar.add({ name: `${relName}/${OPAQUE_MARKER}`, type: 'file', mode: 0o644 });
      await walk(tar, layers.slice(layer), relName, encode, hardLinks);
    } else if (stat.isSymbolicLink()) {
      await tar.add({ ...common, name: relName, type: 'symlink', linkname: await readlink(full) });
    } else if (stat.isFile()) {
      const key = `${stat.dev}:${stat.ino}`;
      const first = stat.nlink > 1 ? hardLinks.get(key) : undefined;
      if (first !== undefined) {
        await tar.add({ ...common, name: relName, type: 'link', linkname: first });
        continue;
      }
      if (stat.nlink > 1) hardLinks.set(key, relName);
      await tar.add({ ...common, name: relName, type: 'file', size: stat.size }, createReadStream(full));
    } else if (stat.isCharacterDevice() || stat.isBlockDevice()) {
      await tar.add({ ...common, name: relName, type: stat.isCharacterDevice() ? 'char' : 'block', devmajor: major(stat.rdev), devminor: minor(stat.rdev) });
    } else if (stat.isFIFO()) {
      await tar.add({ ...common, name: relName, type: 'fifo' });
    }
    // Sockets are not archived, as tar and docker skip them.
  }
}

// glibc's dev_t layout, the inverse of syscalls.ts's makedev.
const major = (dev: number) => Math.floor(dev / 256) & 0xfff | (Math.floor(dev / 2 ** 32) & ~0xfff);
const minor = (dev: number) => (dev & 0xff) | (Math.floor(dev / 4096) & ~0xff);
