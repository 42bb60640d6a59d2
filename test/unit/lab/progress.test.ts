import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import t from 'tap';
import { ProgressStore, progressFile } from '../../../src/lab/progress.js';

t.test('where progress is kept, per user', async (t) => {
  t.equal(progressFile({ TSLAB_STATE_DIR: '/s', USER: 'ada' }), '/s/progress-ada.json');
  t.equal(progressFile({ TSLAB_DATA_DIR: '/d', SUDO_USER: 'ada', USER: 'root' }), '/d/progress/ada.json');
  t.equal(progressFile({ XDG_STATE_HOME: '/x', USER: 'bob' }), '/x/tslab/progress-bob.json');
  t.equal(progressFile({ HOME: '/home/c', USER: 'c' }), '/home/c/.local/state/tslab/progress-c.json');
});

t.test('steps done, hints, predictions, reset', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tslab-progress-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'p.json');
  const store = new ProgressStore(file);
  store.markDone('01-netns', 'create-netns', new Date('2026-01-01T00:00:00Z'));
  store.useHint('01-netns', 'ping-lo-down');
  store.predict('01-netns', 'create-netns', 0, true);
  store.setCurrent('01-netns', 1);

  const again = new ProgressStore(file);
  t.equal(again.doneCount('01-netns', ['create-netns', 'ping-lo-down']), 1);
  t.same(again.lesson('01-netns').steps['create-netns'], { hints: 0, doneAt: '2026-01-01T00:00:00.000Z', predicted: 0, correct: true });
  t.equal(again.lesson('01-netns').steps['ping-lo-down']?.hints, 1);
  t.equal(again.lesson('01-netns').current, 1);

  again.resetLesson('01-netns');
  const reset = JSON.parse(readFileSync(file, 'utf8'));
  t.equal(reset.lessons['01-netns'].current, 0);
  t.equal(reset.lessons['01-netns'].steps['create-netns'].doneAt, undefined);
  t.equal(reset.lessons['01-netns'].steps['ping-lo-down'].hints, 1, 'hints are history, kept');
});

t.test('a damaged file starts fresh', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tslab-progress-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'p.json');
  writeFileSync(file, '{not json');
  t.same(new ProgressStore(file).data, { version: 1, lessons: {} });
});
