/**
 * The container lock and rm: rm -f once failed with ENOTEMPTY because a
 * command waiting for the lock (the shim's exit hook) created the lock file
 * again while rm emptied the directory, and the name then stayed taken.
 */
import { existsSync, mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import t from 'tap';
import { StateStore, type ContainerState } from '../../../src/engine/state.js';

function store(t: { teardown(fn: () => void): void }): StateStore {
  const base = mkdtempSync(path.join(tmpdir(), 'tslab-lock-'));
  t.teardown(() => rmSync(base, { recursive: true, force: true }));
  return new StateStore({ runDir: path.join(base, 'run'), dataDir: path.join(base, 'data'), cgroupParent: 'unused' });
}

function state(id: string, name: string): ContainerState {
  return { version: 1, id, name, spec: {} as ContainerState['spec'], status: 'stopped', createdAt: new Date().toISOString(), oomKilled: false, cgroupPaths: [], namespaces: {}, rootfs: { lower: [], upper: '', work: '', merged: '' } };
}

t.test('taking the lock never creates the lock file: a removed container stays removed', async (t) => {
  const s = store(t);
  await s.create(state('abc', 'web'));
  // What rm leaves for a moment: the directory, with the lock file already deleted.
  unlinkSync(path.join(s.dir('abc'), 'lock'));
  await t.rejects(s.withLock('abc', async () => 'ran'), { code: 'E_NO_SUCH_CONTAINER' });
  t.notOk(existsSync(path.join(s.dir('abc'), 'lock')), 'the lock file was not made again');
});

t.test('remove racing with lockers: no ENOTEMPTY, and the name is free afterwards', async (t) => {
  const s = store(t);
  for (let i = 0; i < 40; i++) {
    const id = `c${i}`;
    await s.create(state(id, 'racer'));
    const lockers = Array.from({ length: 4 }, () => s.withLock(id, async () => undefined, 2000).catch((error: { code?: string }) => t.equal(error.code, 'E_NO_SUCH_CONTAINER')));
    await s.remove(state(id, 'racer'));
    await Promise.all(lockers);
    t.notOk(existsSync(s.dir(id)), `container ${i} removed`);
  }
  await t.resolves(s.create(state('last', 'racer')), 'the name can be taken again');
});
