/** The tslab package's own directory (sandboxes/, native/, lessons/ live there), found once. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

export function packageRoot(): string {
  if (cached) return cached;
  // Walk up from this file: the depth differs between src/ (tests) and dist/src/ (built).
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('tslab: cannot find the package root (package.json)');
    dir = parent;
  }
  cached = dir;
  return dir;
}
