/**
 * `tslab run IMAGE [CMD]`: the image's config fills in what the user did not
 * say, as docker does: Entrypoint + (CMD or the image's Cmd), Env under the
 * user's -e, WorkingDir unless -w, User (a name looked up in the image's own
 * /etc/passwd and /etc/group) unless -u.
 */
import { lstat, readFile } from 'node:fs/promises';
import path from 'node:path';
import { TslabError } from '../errors.js';
import type { TslabPaths } from '../paths.js';
import type { RunRequest } from '../spec/types.js';
import { imageCommand } from './config.js';
import { imageLowerDirs, type ImageRecord } from './store.js';

export async function applyImage(paths: TslabPaths, image: ImageRecord, ref: string, request: RunRequest): Promise<RunRequest> {
  const config = image.config.config;
  const command = imageCommand(config, request.command);
  if (command.length === 0) {
    throw new TslabError('E_NO_COMMAND', `image ${ref} has no Entrypoint or Cmd, and no command was given`, { hint: `say what to run: tslab run ${ref} sh` });
  }
  const lowers = imageLowerDirs(paths, image);
  const userText = request.user ?? config?.User ?? '';
  const user = userText === '' ? { uid: 0, gid: 0, home: '/root' } : await resolveUser(lowers, userText, ref);
  return {
    ...request,
    image: { id: image.id, ref },
    command,
    env: [`HOME=${user.home}`, ...(config?.Env ?? []), ...(request.env ?? [])],
    workdir: request.workdir ?? (config?.WorkingDir || undefined),
    uid: user.uid,
    gid: user.gid,
  };
}

/** A file as the merged image shows it: the uppermost layer that has it (undefined if a whiteout hides it). */
async function readMerged(lowers: string[], file: string): Promise<string | undefined> {
  for (const layer of lowers) {
    const full = path.join(layer, file);
    const stat = await lstat(full).catch(() => undefined);
    if (!stat) continue;
    if (!stat.isFile()) return undefined;
    return readFile(full, 'utf8');
  }
  return undefined;
}

/** USER as docker reads it: name or uid, optionally :group or :gid. */
export async function resolveUser(lowers: string[], text: string, ref: string): Promise<{ uid: number; gid: number; home: string }> {
  const [userPart = '', groupPart] = text.split(':');
  const passwd = (await readMerged(lowers, 'etc/passwd')) ?? '';
  const entry = passwd.split('\n').map((l) => l.split(':')).find((f) => f[0] === userPart || (/^\d+$/.test(userPart) && f[2] === userPart));
  let uid: number;
  let gid: number;
  if (entry) {
    uid = Number(entry[2]);
    gid = Number(entry[3]);
  } else if (/^\d+$/.test(userPart)) {
    uid = Number(userPart);
    gid = uid === 0 ? 0 : uid;
  } else {
    throw new TslabError('E_NO_USER', `user ${JSON.stringify(userPart)} is not in image ${ref}'s /etc/passwd`, { hint: 'use a numeric uid (e.g. -u 1000), or a user the image defines' });
  }
  if (groupPart !== undefined) {
    if (/^\d+$/.test(groupPart)) gid = Number(groupPart);
    else {
      const group = ((await readMerged(lowers, 'etc/group')) ?? '').split('\n').map((l) => l.split(':')).find((f) => f[0] === groupPart);
      if (!group) throw new TslabError('E_NO_USER', `group ${JSON.stringify(groupPart)} is not in image ${ref}'s /etc/group`, { hint: 'use a numeric gid (e.g. -u 1000:1000)' });
      gid = Number(group[2]);
    }
  }
  return { uid, gid, home: entry?.[5] || '/' };
}
