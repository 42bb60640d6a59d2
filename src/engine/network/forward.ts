/**
 * net.ipv4.ip_forward: containers' traffic out of a bridge is routed, so it must
 * be on. tslab records in the data dir whether it turned it on, and turns it
 * back off when its last network goes away — only if it was tslab that turned
 * it on, and only if no other tslab (another data dir's bridge) still needs it.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeKernelFile } from '../host.js';
import type { TslabPaths } from '../paths.js';
import { listLinks } from './links.js';
import { networkDir } from './networks.js';

const SYSCTL = '/proc/sys/net/ipv4/ip_forward';
const recordFile = (p: TslabPaths): string => path.join(networkDir(p), 'ip_forward.json');

export async function ensureForwarding(paths: TslabPaths): Promise<void> {
  const current = (await readFile(SYSCTL, 'utf8')).trim();
  if (current === '1') return;
  await writeFile(recordFile(paths), `${JSON.stringify({ changedByTslab: true, previous: current })}\n`);
  await writeKernelFile(SYSCTL, '1');
}

/** tslab bridges on the host other than the given ones (another data dir still has networks). */
async function otherTslabBridges(own: readonly string[]): Promise<string[]> {
  return (await listLinks(undefined, 'bridge')).map((l) => l.ifname).filter((l) => l.startsWith('tsl') && !own.includes(l));
}

/**
 * When another data dir's tslab bridge still exists, the duty to restore passes
 * to a host-wide marker, which whichever tslab takes down the last bridge honours.
 */
const HANDOFF = '/run/tslab-ip_forward.json';

export async function restoreForwarding(paths: TslabPaths, ownBridges: readonly string[]): Promise<void> {
  const own = await readFile(recordFile(paths), 'utf8').catch(() => undefined);
  const handoff = await readFile(HANDOFF, 'utf8').catch(() => undefined);
  const text = own ?? handoff;
  if (text === undefined) return;
  const record = JSON.parse(text) as { changedByTslab: boolean; previous: string };
  if ((await otherTslabBridges(ownBridges)).length > 0) {
    if (own !== undefined && record.changedByTslab) await writeFile(HANDOFF, own);
  } else {
    if (record.changedByTslab) await writeKernelFile(SYSCTL, record.previous);
    await rm(HANDOFF, { force: true });
  }
  await rm(recordFile(paths), { force: true });
}
