/** Small read helpers: a probe never throws because a file is absent. */
import { access, readFile, readdir } from 'node:fs/promises';
import { constants } from 'node:fs';

export async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

export async function readNumber(path: string): Promise<number | undefined> {
  const text = await readText(path);
  if (text === undefined) return undefined;
  const value = Number.parseInt(text.trim(), 10);
  return Number.isNaN(value) ? undefined : value;
}

export async function listDir(path: string): Promise<string[] | undefined> {
  try {
    return await readdir(path);
  } catch {
    return undefined;
  }
}

export async function exists(path: string): Promise<boolean> {
  try {
    await access(path, constants.F_OK);
    return true;
  } catch {
    return false;
  }
}
