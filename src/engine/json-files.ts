/**
 * tslab's records on disk (containers' state, networks, address attachments)
 * are small JSON files in directories that may not exist yet or any more.
 * These helpers say "missing is empty" once, and write atomically (temp file
 * named by pid, then rename) so a reader never sees half a file.
 */
import type { Dirent } from 'node:fs';
import { readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { errnoCode } from './errors.js';

/** A directory's entries; none when the directory does not exist. */
export async function readDirOrEmpty(dir: string): Promise<Dirent[]> {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return [];
    throw error;
  }
}

/** Names of the subdirectories of `dir`, or of its `*.json` files without the extension. */
export async function subdirectoryNames(dir: string): Promise<string[]> {
  return (await readDirOrEmpty(dir)).filter((e) => e.isDirectory()).map((e) => e.name);
}

export async function jsonFileNames(dir: string): Promise<string[]> {
  return (await readDirOrEmpty(dir)).filter((e) => e.isFile() && e.name.endsWith('.json')).map((e) => e.name.slice(0, -'.json'.length));
}

/** The parsed file, or undefined when it does not exist. */
export async function readJson<T>(file: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as T;
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return undefined;
    throw error;
  }
}

export async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(value, null, 2)}\n`);
  await rename(temp, file);
}
