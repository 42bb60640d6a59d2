/** What an env's image store holds, for tests that check loads, removals and refusals. */
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TslabEnv } from '../helpers/tslab.js';

export function imageStore(env: TslabEnv): { records: string[]; layers: string[]; blobs: string[]; tmp: string[] } {
  const dir = path.join(env.TSLAB_DATA_DIR, 'images');
  const list = (sub: string) => (existsSync(path.join(dir, sub)) ? readdirSync(path.join(dir, sub)).sort() : []);
  return { records: list('records'), layers: list('layers'), blobs: list('blobs/sha256'), tmp: list('tmp') };
}

export function writeTemp(env: TslabEnv, name: string, data: Buffer): string {
  const file = path.join(path.dirname(env.TSLAB_RUN_DIR), name);
  writeFileSync(file, data);
  return file;
}
