/** Two CLIs at once never corrupt a container: names are taken atomically, changes are locked. */
import t from 'tap';
import { assertNothingLeft, cleanUpAfter, isolatedEnv, needsRoot, tslab } from '../helpers/tslab.js';

if (needsRoot(t)) {
  const env = isolatedEnv('conc');
  cleanUpAfter(t, env);

  await t.test('five runs racing for one name: exactly one gets it', async (t) => {
    const results = await Promise.all(Array.from({ length: 5 }, () => tslab(env, ['run', '-d', '--name', 'only-one', 'busybox', 'sleep', '60'])));
    t.equal(results.filter((r) => r.exitCode === 0).length, 1);
    for (const r of results.filter((r) => r.exitCode !== 0)) {
      t.equal(r.exitCode, 125);
      t.match(r.stderr, /already used/);
    }
    const ps = (await tslab(env, ['ps', '-a', '--json'])).stdout;
    t.equal((JSON.parse(ps) as unknown[]).length, 1, 'one container exists');
  });

  await t.test('stop, rm -f and ps at the same time on one container', async (t) => {
    const results = await Promise.all([
      tslab(env, ['stop', '-t', '0', 'only-one']),
      tslab(env, ['rm', '-f', 'only-one']),
      tslab(env, ['ps', '-a']),
      tslab(env, ['rm', '-f', 'only-one']),
    ]);
    for (const r of results) t.ok(r.exitCode === 0 || /no such container|was removed/.test(r.stderr), `ok or already gone: ${r.stderr}`);
    t.equal((await tslab(env, ['ps', '-a', '-q'])).stdout, '', 'the container is gone');
  });

  await assertNothingLeft(t, env);
}
