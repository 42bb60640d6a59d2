/**
 * The first pass over an image archive: every regular file is copied into a
 * staging directory under a numbered name (never the archive's own name, so
 * no entry can place anything anywhere) and hashed on the way. Archives put
 * manifest.json anywhere, often last, so nothing can be checked before the
 * whole archive has been read.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { TslabError } from '../errors.js';
import { HostileEntryError, type UnpackLimits } from './unpack.js';
import { readTar } from './tar/reader.js';

export interface StagedFile {
  file: string;
  digest: string;
  size: number;
}

export interface StagedArchive {
  files: Map<string, StagedFile>;
  /** Archive-internal symlinks (old docker save links identical layer.tar files). */
  links: Map<string, string>;
}

/** An archive member's name, normalized; refused when it leads out of the archive. */
export function memberName(name: string, refuse: (why: string) => never): string {
  if (name.startsWith('/')) refuse('absolute path');
  const parts = name.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) refuse('`..` leads outside the archive');
  return parts.join('/');
}

export async function stageArchive(source: AsyncIterable<Buffer>, staging: string, limits: UnpackLimits): Promise<StagedArchive> {
  const staged: StagedArchive = { files: new Map(), links: new Map() };
  let total = 0;
  let count = 0;
  try {
    for await (const entry of readTar(source)) {
      const refuse = (why: string): never => {
        throw new HostileEntryError('archive', entry.name, why);
      };
      const name = memberName(entry.name, refuse);
      if (++count > limits.maxEntries) refuse(`more than ${limits.maxEntries} entries`);
      total += entry.size;
      if (total > limits.maxBytes) refuse(`the archive is larger than ${limits.maxBytes} bytes`);
      if (entry.type === 'directory') continue;
      if (entry.type === 'symlink' || entry.type === 'link') {
        const target = entry.type === 'link' ? entry.linkname : path.posix.join(path.posix.dirname(name), entry.linkname);
        staged.links.set(name, memberName(target, refuse));
        continue;
      }
      if (entry.type !== 'file') refuse(`an image archive holds files and directories, not a ${entry.type}`);
      const file = path.join(staging, String(count));
      const hash = createHash('sha256');
      const out = createWriteStream(file, { mode: 0o600 });
      for await (const chunk of entry.body) {
        hash.update(chunk);
        if (!out.write(chunk)) await once(out, 'drain');
      }
      out.end();
      await once(out, 'finish');
      staged.files.set(name, { file, digest: `sha256:${hash.digest('hex')}`, size: entry.size });
    }
  } catch (error) {
    if (error instanceof TslabError) throw error;
    throw new TslabError('E_IMAGE_ARCHIVE', `cannot read the image archive: ${(error as Error).message}`, {
      cause: error,
      hint: 'give a tar made by `docker save`, `podman save` or an OCI image layout in a tar',
    });
  }
  return staged;
}

/** A member by name, following archive-internal links; undefined when absent. */
export function stagedMember(archive: StagedArchive, name: string): StagedFile | undefined {
  let current = name;
  for (let hops = 0; hops < 8; hops++) {
    const file = archive.files.get(current);
    if (file) return file;
    const next = archive.links.get(current);
    if (next === undefined) return undefined;
    current = next;
  }
  return undefined;
}
