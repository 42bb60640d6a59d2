import { readFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../engine/package-root.js';
import { version } from './commands/machine.js';
import { parseCommand } from './help.js';

export function packageVersion(): string {
  return (JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

export async function versionCommand(argv: string[]): Promise<number> {
  if (!parseCommand(version, argv)) return 0;
  console.log(`tslab ${packageVersion()}`);
  return 0;
}
