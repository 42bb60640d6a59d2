/**
 * The syscalls the shim reported (its `T` trace lines) for one step, as one
 * short line: the calls it really made, in order of first use, with counts
 * (`setns ×6, chroot`), never a fixed list.
 */
import type { TranscriptEntry } from '../engine/transcript.js';

export function shimCallSummary(entries: readonly TranscriptEntry[]): string | undefined {
  const counts = new Map<string, number>();
  for (const entry of entries) {
    if (entry.kind !== 'syscall') continue;
    const name = /^([a-z_0-9]+)\(/.exec(entry.text)?.[1] ?? entry.text.split(' ')[0] ?? '?';
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  if (counts.size === 0) return undefined;
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const calls = [...counts].map(([name, n]) => (n > 1 ? `${name} ×${n}` : name)).join(', ');
  return `${total} syscall${total === 1 ? '' : 's'} by tslab-shim: ${calls}`;
}
