/** Environment lists (`K=V` strings) as `run` and `exec` take them. */
import { TslabError } from '../errors.js';

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Later entries win, as in docker (-e PATH=... replaces the default). */
export function mergeEnv(...lists: string[][]): string[] {
  const byKey = new Map<string, string>();
  for (const entry of lists.flat()) {
    const eq = entry.indexOf('=');
    byKey.set(eq === -1 ? entry : entry.slice(0, eq), entry);
  }
  return [...byKey.values()];
}

/** One -e entry: NAME=value, or NAME alone to pass the host's value through (docker's rule). */
export function parseEnvEntry(entry: string, hostEnv: NodeJS.ProcessEnv): string {
  const eq = entry.indexOf('=');
  const key = eq === -1 ? entry : entry.slice(0, eq);
  if (!ENV_NAME.test(key)) {
    throw new TslabError('E_BAD_ENV', `invalid environment variable ${JSON.stringify(entry)}`, { hint: 'use -e NAME=value, e.g. -e GREETING=hello' });
  }
  return eq === -1 ? `${key}=${hostEnv[key] ?? ''}` : entry;
}
