/**
 * Sanity checks on limits and names before anything reaches the kernel. The spec
 * parser validates user input with friendly messages; these catch engine bugs and
 * keep a path component from ever escaping tslab's parent directory.
 */
import { TslabError } from '../errors.js';
import type { CgroupLimits } from './types.js';

/** CFS period: the kernel's default, 100ms. A quota of `cpus * period` per period. */
export const CPU_PERIOD_US = 100_000;
/** The kernel refuses quotas under 1ms. */
const MIN_QUOTA_US = 1_000;

export function cpuQuotaUs(cpus: number): number {
  return Math.max(MIN_QUOTA_US, Math.round(cpus * CPU_PERIOD_US));
}

export function assertLimits(limits: CgroupLimits): void {
  const bad = (field: string, value: unknown, why: string): TslabError =>
    new TslabError('E_CGROUP_BAD_LIMIT', `invalid cgroup limit ${field}=${String(value)}: ${why}`, { context: { field, value } });
  const { memoryBytes, cpus, pidsMax } = limits;
  if (memoryBytes !== undefined && !(Number.isSafeInteger(memoryBytes) && memoryBytes >= 4096)) {
    throw bad('memoryBytes', memoryBytes, 'must be a whole number of bytes, at least 4096');
  }
  if (cpus !== undefined && !(Number.isFinite(cpus) && cpus >= MIN_QUOTA_US / CPU_PERIOD_US && cpus <= 4096)) {
    throw bad('cpus', cpus, 'must be between 0.01 and 4096');
  }
  if (pidsMax !== undefined && !(Number.isSafeInteger(pidsMax) && pidsMax >= 1)) {
    throw bad('pidsMax', pidsMax, 'must be a whole number, at least 1');
  }
}

const namePattern = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

/** Group ids and the parent's name are single path components tslab chose. */
export function assertName(kind: 'id' | 'parent', name: string): void {
  if (!namePattern.test(name)) {
    throw new TslabError('E_CGROUP_BAD_NAME', `invalid cgroup ${kind} ${JSON.stringify(name)}`, {
      hint: kind === 'parent' ? 'TSLAB_CGROUP_PARENT must be one directory name such as `tslab` (letters, digits, . _ -).' : undefined,
      context: { kind, name },
    });
  }
}

/** `{ key: value }` when there is a value, `{}` for none: optional fields stay absent, as exactOptionalPropertyTypes wants. */
export const optional = <K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> => (value === undefined ? {} : ({ [key]: value } as Record<K, V>));
