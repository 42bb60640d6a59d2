/**
 * net.ipv4.ip_forward: containers' traffic out of a bridge is routed, so it must
 * be on. tslab records in the data dir whether it turned it on, and turns it
 * back off when its last network goes away — only if it was tslab that turned
 * it on, and only if no other tslab (another data dir's bridge) still needs it.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Engine } from '../engine.js';
import { networkDir, type TslabPaths } from '../paths.js';

const SYSCTL = '/proc/sys/net/ipv4/ip_forward';
const recordFile = (p: TslabPaths): string => path.join(networkDir(p), 'ip_forward.json');

export async function ensureForwarding(engine: Engine): Promise<void> {
  const current = (await readFile(SYSCTL, 'utf8')).trim();
  if (current === '1') return;
  await writeFile(recordFile(engine.paths), `${JSON.stringify({ changedByTslab: true, previous: current })}\n`);
  await engine.host.writeKernelFile(SYSCTL, '1');
}

/**
 * tslab bridges other than the given ones (another data dir still has networks), asked of the kernel in
 * the caller's netns: /sys/class/net shows the netns that mounted sysfs, which may not be ours.
 */
async function otherTslabBridges(engine: Engine, own: readonly string[]): Promise<string[]> {
  const result = await engine.host.run('ip', ['-j', 'link', 'show', 'type', 'bridge'], { quiet: true });
  const links = JSON.parse(result.stdout || '[]') as Array<{ ifname: string }>;
  return links.map((l) => l.ifname).filter((l) => l.startsWith('tsl') && !own.includes(l));
}

/**
 * When another data dir's tslab bridge still exists, the duty to restore passes
 * to a host-wide marker, which whichever tslab takes down the last bridge honours.
 */
const HANDOFF = '/run/tslab-ip_forward.json';

export async function restoreForwarding(engine: Engine, ownBridges: readonly string[]): Promise<void> {
  const own = await readFile(recordFile(engine.paths), 'utf8').catch(() => undefined);
  const handoff = await readFile(HANDOFF, 'utf8').catch(() => undefined);
  const text = own ?? handoff;
  if (text === undefined) return;
  const record = JSON.parse(text) as { changedByTslab: boolean; previous: string };
  if ((await otherTslabBridges(engine, ownBridges)).length > 0) {
    if (own !== undefined && record.changedByTslab) await writeFile(HANDOFF, own);
  } else {
    if (record.changedByTslab) await engine.host.writeKernelFile(SYSCTL, record.previous);
    await rm(HANDOFF, { force: true });
  }
  await rm(recordFile(engine.paths), { force: true });
}
