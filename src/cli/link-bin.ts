/**
 * Puts `tslab` on PATH: a symlink /usr/local/bin/tslab -> this checkout's
 * bin/tslab.js, made by `tslab setup` (which `npm ci` runs as root). npm links a
 * package's bins only for `npm link` or a global install, and `npx tslab` pays
 * npm's start-up (about 1.5 s) on every call; /usr/local/bin is on every
 * user's and root's PATH on Debian, and tslab runs as root anyway. Only a link
 * tslab made is ever replaced: a `tslab` that is a file, or a link to anything
 * but a tslab checkout's bin/tslab.js, is left alone and reported.
 */
import { lstatSync, readlinkSync, renameSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../engine/package-root.js';

export interface LinkResult {
  link: string;
  target: string;
  /** What happened, in one sentence for the learner. */
  said: string;
  linked: boolean;
}

export function binDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.TSLAB_BIN_DIR ?? '/usr/local/bin';
}

const ours = (target: string) => /(^|\/)bin\/tslab\.js$/.test(target);

/** `keep`: leave a link to another checkout as it is (the build's own call: the first checkout built keeps the name). */
export function linkOnPath(options: { dryRun?: boolean; keep?: boolean; env?: NodeJS.ProcessEnv } = {}): LinkResult {
  const env = options.env ?? process.env;
  const target = path.join(packageRoot(), 'bin', 'tslab.js');
  const link = path.join(binDir(env), 'tslab');
  const onPath = (env.PATH ?? '').split(':').includes(binDir(env));
  const pathNote = onPath ? '' : ` (${binDir(env)} is not on your PATH: add it, or call ${link})`;
  let current: string | undefined;
  try {
    const stat = lstatSync(link);
    if (!stat.isSymbolicLink()) return { link, target, linked: false, said: `${link} exists and is not tslab's link; left alone (call ${target} instead)` };
    current = readlinkSync(link);
  } catch {
    current = undefined;
  }
  if (current === target) return { link, target, linked: true, said: `tslab is on PATH: ${link} -> ${target}${pathNote}` };
  if (current !== undefined && !ours(current)) return { link, target, linked: false, said: `${link} points to ${current}, not to a tslab checkout; left alone` };
  if (current !== undefined && options.keep) return { link, target, linked: false, said: `${link} points to another checkout (${current}); \`sudo node bin/tslab.js setup\` here moves it to this one` };
  if (options.dryRun) return { link, target, linked: false, said: `would link ${link} -> ${target}` };
  // Replace atomically: a new link beside it, renamed over the old one.
  const temp = `${link}.tslab-${process.pid}`;
  symlinkSync(target, temp);
  renameSync(temp, link);
  return { link, target, linked: true, said: `tslab is on PATH: ${link} -> ${target}${current ? ` (was ${current})` : ''}${pathNote}` };
}
