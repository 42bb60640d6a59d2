/**
 * cgroup v2 io controller: io.stat has a line per device, `8:0 rbytes=N wbytes=N rios=N ...`.
 * The file exists only where the parent enabled io for the group, so it is optional.
 */
import { join } from 'node:path';
import { readOptional } from '../files.js';
import type { CgroupStats } from '../types.js';

export async function ioStats(dir: string): Promise<Pick<CgroupStats, 'ioReadBytes' | 'ioWriteBytes'>> {
  const text = await readOptional(join(dir, 'io.stat'));
  if (text === undefined) return {};
  let read = 0;
  let written = 0;
  for (const [, key, value] of text.matchAll(/\b([rw]bytes)=(\d+)/g)) {
    if (key === 'rbytes') read += Number(value);
    else written += Number(value);
  }
  return { ioReadBytes: read, ioWriteBytes: written };
}
