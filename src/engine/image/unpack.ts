/**
 * Unpack one layer tar into its own directory, safely. Every entry is checked
 * before it touches the disk: nothing may land outside the layer directory
 * (no absolute names, no `..`, no write through a symlink, no symlink or hard
 * link leading out). Whiteouts become what overlayfs reads as whiteouts: a
 * `.wh.NAME` entry a char device 0:0 at NAME, `.wh..wh..opq` the
 * trusted.overlay.opaque xattr on its directory. Device nodes and setuid bits
 * are kept as docker keeps them when it runs as root.
 */
import { constants } from 'node:fs';
import { chmod, lchown, link, lstat, lutimes, mkdir, open, rm, symlink } from 'node:fs/promises';
import path from 'node:path';
import { TslabError, errnoCode } from '../errors.js';
import { lsetxattr, mknod } from '../syscalls.js';
import type { TarEntry } from './tar/reader.js';

export const OPAQUE_XATTR = 'trusted.overlay.opaque';
export const WHITEOUT_PREFIX = '.wh.';
export const OPAQUE_MARKER = '.wh..wh..opq';
const S_IFCHR = 0o020000;
const S_IFBLK = 0o060000;
const S_IFIFO = 0o010000;

export interface UnpackLimits {
  maxBytes: number;
  maxEntries: number;
}

/** Defaults a real image stays far below; TSLAB_IMAGE_MAX_BYTES / _ENTRIES lower or raise them. */
export function unpackLimits(env: NodeJS.ProcessEnv): UnpackLimits {
  const read = (name: string, fallback: number) => {
    const value = Number(env[name]);
    return Number.isSafeInteger(value) && value > 0 ? value : fallback;
  };
  return { maxBytes: read('TSLAB_IMAGE_MAX_BYTES', 32 * 1024 ** 3), maxEntries: read('TSLAB_IMAGE_MAX_ENTRIES', 1_000_000) };
}

export class HostileEntryError extends TslabError {
  constructor(layer: string, entry: string, why: string) {
    super('E_IMAGE_HOSTILE', `layer ${layer}: refused entry ${JSON.stringify(entry)}: ${why}`, {
      hint: 'the archive tries to write outside its layer or breaks a limit; nothing of it was kept. Rebuild the image from a trusted source',
      context: { layer, entry },
    });
  }
}

/** Entry name -> its path components inside the layer; refused when absolute or with `..`. */
function components(name: string, refuse: (why: string) => never): string[] {
  if (name.startsWith('/')) refuse('absolute path');
  const parts = name.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) refuse('`..` leads outside the layer');
  return parts;
}

async function lstatOrNull(file: string) {
  try {
    return await lstat(file);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return null;
    throw error;
  }
}

export async function unpackLayer(entries: AsyncIterable<TarEntry>, root: string, label: string, limits: UnpackLimits): Promise<void> {
  let count = 0;
  let bytes = 0;
  await mkdir(root, { recursive: true, mode: 0o755 });
  for await (const entry of entries) {
    const refuse = (why: string): never => {
      throw new HostileEntryError(label, entry.name, why);
    };
    if (++count > limits.maxEntries) refuse(`more than ${limits.maxEntries} entries`);
    bytes += entry.size;
    if (bytes > limits.maxBytes) refuse(`the layer is larger than ${limits.maxBytes} bytes`);
    const parts = components(entry.name, refuse);
    if (parts.length === 0) continue; // "./": the layer root itself.
    const base = parts[parts.length - 1]!;
    const parent = await ensureParents(root, parts.slice(0, -1), refuse);

    if (base === OPAQUE_MARKER) {
      lsetxattr(parent, OPAQUE_XATTR, 'y');
      continue;
    }
    if (base.startsWith(WHITEOUT_PREFIX)) {
      const hidden = base.slice(WHITEOUT_PREFIX.length);
      if (hidden === '' || hidden === '.' || hidden === '..') refuse('whiteout of no name');
      const target = path.join(parent, hidden);
      await rm(target, { recursive: true, force: true });
      mknod(target, S_IFCHR, 0, 0);
      continue;
    }

    const target = path.join(parent, base);
    const existing = await lstatOrNull(target);
    // A later entry replaces an earlier one; a directory stays when the entry is one too.
    if (existing && !(existing.isDirectory() && entry.type === 'directory')) await rm(target, { recursive: true, force: true });
    switch (entry.type) {
      case 'file':
        await writeFile(target, entry);
        break;
      case 'directory':
        if (!existing) await mkdir(target, { mode: 0o700 });
        break;
      case 'symlink': {
        const resolved = path.posix.normalize(path.posix.join(...parts.slice(0, -1).map(() => 'x'), entry.linkname));
        if (!entry.linkname.startsWith('/') && (resolved === '..' || resolved.startsWith('../'))) refuse(`symlink to ${entry.linkname} leads outside the layer`);
        await symlink(entry.linkname, target);
        break;
      }
      case 'link': {
        const linked = components(entry.linkname, (why) => refuse(`hard link target ${entry.linkname}: ${why}`));
        const source = path.join(await ensureParents(root, linked.slice(0, -1), refuse, false), linked[linked.length - 1] ?? '');
        const stat = await lstatOrNull(source);
        if (!stat || linked.length === 0) return refuse(`hard link to ${entry.linkname}, which is not in this layer`);
        if (!stat.isFile()) refuse(`hard link to ${entry.linkname}, which is not a regular file`);
        await link(source, target);
        continue; // The link shares the target's owner and mode.
      }
      case 'char':
      case 'block':
      case 'fifo': {
        const kind = entry.type === 'char' ? S_IFCHR : entry.type === 'block' ? S_IFBLK : S_IFIFO;
        mknod(target, kind | 0o600, entry.devmajor, entry.devminor);
        break;
      }
      default:
        refuse(`unsupported tar entry type ${JSON.stringify(entry.typeflag)}`);
    }
    await lchown(target, entry.uid, entry.gid);
    // chown clears setuid/setgid, so the mode (with those bits, as docker keeps them) comes after.
    if (entry.type !== 'symlink') await chmod(target, entry.mode);
    if (entry.type !== 'directory') await lutimes(target, entry.mtime, entry.mtime);
  }
}

/** The directory for parts inside root, made when missing; a symlink or non-directory on the way is refused. */
async function ensureParents(root: string, parts: string[], refuse: (why: string) => never, create = true): Promise<string> {
  let dir = root;
  for (const part of parts) {
    dir = path.join(dir, part);
    const stat = await lstatOrNull(dir);
    if (stat?.isSymbolicLink()) refuse(`writes through the symlink ${path.relative(root, dir)}`);
    if (stat && !stat.isDirectory()) refuse(`${path.relative(root, dir)} is not a directory`);
    if (!stat && create) await mkdir(dir, { mode: 0o755 });
  }
  return dir;
}

async function writeFile(target: string, entry: TarEntry): Promise<void> {
  // O_EXCL|O_NOFOLLOW: the path was just cleared; if anything appeared there since, refuse rather than follow it.
  const handle = await open(target, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
  try {
    for await (const chunk of entry.body) await handle.write(chunk);
  } finally {
    await handle.close();
  }
}
