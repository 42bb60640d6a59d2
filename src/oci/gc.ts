/**
 * gc's part for the runtime's records (default --root only): a record whose
 * holder is gone and whose engine container no longer exists is removed;
 * with --all every container the runtime made is deleted.
 */
import path from 'node:path';
import type { Engine } from '../engine/engine.js';
import { readDirOrEmpty } from '../engine/json-files.js';
import { isSameProcess } from '../engine/observe/proc.js';
import { remove } from './lifecycle.js';
import { engineState, readRecord, removeRecord } from './records.js';

export const defaultRoot = (engine: Engine): string => path.join(engine.paths.runDir, 'oci');

export async function collectOciGarbage(engine: Engine, options: { all: boolean }): Promise<string[]> {
  const root = defaultRoot(engine);
  const removed: string[] = [];
  for (const entry of await readDirOrEmpty(root)) {
    const record = await readRecord(root, entry.name).catch(() => undefined);
    if (!record) {
      await removeRecord(root, entry.name);
      removed.push(`oci record ${entry.name}`);
    } else if (options.all) {
      await remove(engine, root, record.id, { force: true });
      removed.push(`oci container ${record.id}`);
    } else if (!isSameProcess(record.holderPid, undefined) && !(await engineState(engine, record))) {
      await removeRecord(root, record.id);
      removed.push(`oci record ${record.id}`);
    }
  }
  return removed;
}
