/**
 * gc for the network: attachments whose container no longer runs (a crash
 * between phase 4 and the reap), the default network (and a lesson's
 * ephemeral one) once nothing uses it,
 * rules in tslab's chains whose owner is gone, and tslab's chains themselves
 * (with ip_forward restored) when this data dir has no network left.
 */
import type { Engine } from '../engine.js';
import { restoreForwarding } from './forward.js';
import { bringNetworkDown, chains } from './bridge.js';
import { containerOwner, networkOwner, parseSave, presentRemoval, removalScript, saveRules } from './iptables.js';
import { listAttachments } from './ipam.js';
import { listNetworkRecords, removeNetworkRecord, withNetworkLock } from './networks.js';
import { teardownAttachment } from './attach.js';

/** `live`: ids of containers that may still use their network (not stopped). */
export async function collectNetworkGarbage(engine: Engine, live: ReadonlySet<string>): Promise<string[]> {
  const paths = engine.paths;
  return withNetworkLock(paths, async () => {
    const removed: string[] = [];
    for (const attachment of await listAttachments(paths)) {
      if (live.has(attachment.container)) continue;
      await teardownAttachment(engine, attachment);
      removed.push(`network attachment ${attachment.container} (${attachment.ip ?? attachment.netns})`);
    }
    const attachments = await listAttachments(paths);
    let records = await listNetworkRecords(paths);
    for (const net of records.filter((r) => (r.default || r.ephemeral) && !attachments.some((a) => a.network === r.name))) {
      await bringNetworkDown(engine, net, records.length === 1);
      await removeNetworkRecord(paths, net.name);
      removed.push(`network ${net.name} (bridge ${net.bridge})`);
    }
    records = await listNetworkRecords(paths);
    const saved = parseSave(await saveRules(engine.host));
    const c = chains();
    let script: string;
    if (records.length === 0 && attachments.length === 0) {
      script = removalScript(presentRemoval(saved, c, new Set(), true));
      await restoreForwarding(engine, []);
    } else {
      const owners = new Set(saved.rules.map((r) => /"(tslab(?:-net)?:[^"]+)"/.exec(r.spec)?.[1]).filter((o): o is string => o !== undefined));
      const wanted = new Set([...attachments.map((a) => containerOwner(a.container)), ...records.map((r) => networkOwner(r.name))]);
      script = removalScript(presentRemoval(saved, c, new Set([...owners].filter((o) => !wanted.has(o))), false));
    }
    if (script) {
      await engine.host.run('iptables-restore', ['-w', '--noflush'], { input: script });
      removed.push(`iptables rules in ${c.dnat}/${c.post}/${c.forward}`);
    }
    return removed;
  });
}
