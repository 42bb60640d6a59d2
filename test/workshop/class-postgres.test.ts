/** 30 simulated learners over two servers sharing one real PostgreSQL; one server SIGKILLed mid-class (see class-run.ts). */
import t from 'tap';
import { needsRoot } from '../helpers/tslab.js';
import { runClass } from './class-run.js';
import { startPostgres } from './postgres.js';

// 30 lesson runs at once take minutes on a loaded 2-core machine (tap's default is 180 s a file).
t.setTimeout(20 * 60_000);

if (needsRoot(t)) {
  t.test('a class of 30 on PostgreSQL, two servers', async (t) => {
    const pg = await startPostgres();
    t.teardown(() => pg.stop());
    await runClass(t, await pg.createDatabase('class'), { learners: 30, servers: 2 });
  });
}
