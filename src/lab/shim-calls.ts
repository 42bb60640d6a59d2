/**
 * The syscalls the shim reported (its `T` trace lines) for one run of
 * transcript entries: the calls it really made, in order of first use, with
 * counts (`setns ×6, chroot`), never a fixed list.
 */
import type { TranscriptEntry } from '../engine/transcript.js';

export interface ShimCalls {
  total: number;
  /** `setns ×6, chroot` */
  calls: string;
}

export function shimCalls(entries: readonly TranscriptEntry[]): ShimCalls | undefined {
  const counts = new Map<string, number>();
  for (const entry of entries) {
    if (entry.kind !== 'syscall') continue;
    const name = /^([a-z_0-9]+)\(/.exec(entry.text)?.[1] ?? entry.text.split(' ')[0] ?? '?';
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  if (counts.size === 0) return undefined;
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  return { total, calls: [...counts].map(([name, n]) => (n > 1 ? `${name} ×${n}` : name)).join(', ') };
}
