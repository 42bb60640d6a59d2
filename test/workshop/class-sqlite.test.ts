/** 30 simulated learners, a SIGKILLed server, on the default SQLite database (see class-run.ts). */
import path from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import t from 'tap';
import { needsRoot } from '../helpers/tslab.js';
import { runClass } from './class-run.js';

// 30 lesson runs at once take minutes on a loaded 2-core machine (tap's default is 180 s a file).
t.setTimeout(20 * 60_000);

if (needsRoot(t)) {
  t.test('a class of 30 on SQLite', async (t) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tslab-test-classdb-'));
    t.teardown(() => rmSync(dir, { recursive: true, force: true }));
    await runClass(t, path.join(dir, 'class.sqlite'), { learners: 30, servers: 1 });
  });
}
