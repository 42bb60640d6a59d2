/** The engine name of an OCI container: its id when that is a valid tslab name, else a short hash of it. */
import { createHash } from 'node:crypto';
import { NAME_PATTERN } from '../engine/spec/names.js';

export function engineName(id: string): string {
  if (NAME_PATTERN.test(id) && id.length <= 64) return id;
  return `oci-${createHash('sha256').update(id).digest('hex').slice(0, 16)}`;
}
