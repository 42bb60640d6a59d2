/** `tslab images` / `image ls` speak docker's --format and -q, as `docker images` does. */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { assertNothingLeft, cleanUpAfter, isolatedEnv, needsRoot, tslab } from '../helpers/tslab.js';
import { archive, twoImages } from './fixtures.js';
import { writeTemp } from './helpers.js';

if (needsRoot(t)) {
  const env = isolatedEnv('images-format');
  cleanUpAfter(t, env);
  mkdirSync(path.dirname(env.TSLAB_RUN_DIR), { recursive: true });
  const file = writeTemp(env, 'two.tar', await archive(await twoImages(), 'docker'));
  t.equal((await tslab(env, ['image', 'load', '-q', '-i', file])).exitCode, 0);

  await t.test('a docker recipe: repository:tag and id, one line per image', async (t) => {
    const r = await tslab(env, ['images', '--format', '{{.Repository}}:{{.Tag}} {{.ID}}']);
    t.equal(r.exitCode, 0, r.stderr);
    const lines = r.stdout.split('\n').sort();
    t.equal(lines.length, 2);
    t.match(lines[0], /^app:1 [0-9a-f]{12}$/);
    t.match(lines[1], /^plain:1 [0-9a-f]{12}$/);
  });

  await t.test("'table' adds docker's headers; -q prints only ids", async (t) => {
    const table = await tslab(env, ['image', 'ls', '--format', 'table {{.Repository}}\t{{.Tag}}']);
    t.match(table.stdout.split('\n')[0], /^REPOSITORY\s+TAG$/);
    const ids = (await tslab(env, ['images', '-q'])).stdout.split('\n');
    t.equal(ids.length, 2);
    for (const id of ids) t.match(id, /^[0-9a-f]{12}$/);
  });

  await t.test('an unknown field is exit 125 with the fields it knows', async (t) => {
    const r = await tslab(env, ['images', '--format', '{{.Nope}}']);
    t.equal(r.exitCode, 125);
    t.match(r.stderr, /Nope/);
  });

  await t.test('removing them leaves nothing', async (t) => {
    t.equal((await tslab(env, ['image', 'rm', 'app:1', 'plain:1'])).exitCode, 0);
  });
  await assertNothingLeft(t, env);
}
