/**
 * Running images: the config applied as docker applies it; export and commit
 * round-trip through the store; gc removes what images leave.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { readTar } from '../../src/engine/image/tar/reader.js';
import { assertNothingLeft, cleanUpAfter, isolatedEnv, needsRoot, tslab } from '../helpers/tslab.js';
import { archive, twoImages } from './fixtures.js';
import { imageStore, writeTemp } from './helpers.js';

async function names(file: string): Promise<string[]> {
  const out: string[] = [];
  for await (const e of readTar((async function* () { yield readFileSync(file); })())) out.push(e.name);
  return out;
}

if (needsRoot(t)) {
  const env = isolatedEnv('image-run');
  cleanUpAfter(t, env);
  mkdirSync(path.dirname(env.TSLAB_RUN_DIR), { recursive: true });
  const loaded = await tslab(env, ['image', 'load', '-i', writeTemp(env, 'two.tar', await archive(await twoImages(), 'docker'))]);
  t.equal(loaded.exitCode, 0, loaded.stderr);

  await t.test('Entrypoint, Cmd, Env, WorkingDir and User apply; the command line overrides them', async (t) => {
    let r = await tslab(env, ['run', '--rm', 'app:1']);
    t.equal(r.stdout, 'cmd as 1000:1000 in /home/app GREETING=hello', r.stderr);
    r = await tslab(env, ['run', '--rm', '-e', 'GREETING=bye', '-w', '/tmp', '-u', 'root', 'app:1', 'echo $(id -u) $(pwd) $GREETING $HOME']);
    t.equal(r.stdout, '0 /tmp bye /root', 'CMD replaces Cmd but keeps the Entrypoint; -e, -w, -u win');
    r = await tslab(env, ['run', '--rm', 'app:1', 'echo $HOME']);
    t.equal(r.stdout, '/home/app', "HOME from the image's /etc/passwd");
    r = await tslab(env, ['run', '--rm', '-u', 'nobody', 'app:1']);
    t.equal(r.exitCode, 125);
    t.match(r.stderr, /user "nobody" is not in image app:1's \/etc\/passwd/);
  });

  await t.test('commit keeps deletions; export -> import round-trips the merged view', async (t) => {
    const r = await tslab(env, ['run', '-u', '0', '--name', 'changer', 'app:1', 'rm /data/kept && rm -r /data/old && mkdir /data/old && echo new > /data/old/n']);
    t.equal(r.exitCode, 0, r.stderr);
    const committed = await tslab(env, ['commit', 'changer', 'app:2']);
    t.equal(committed.exitCode, 0, committed.stderr);
    const [info] = JSON.parse((await tslab(env, ['image', 'inspect', 'app:2'])).stdout);
    t.equal(info.Layers.length, 3, 'one layer added on the image\'s two');
    const check = 'echo $(find /data | sort)';
    const expected = '/data /data/added /data/old /data/old/n';
    t.equal((await tslab(env, ['run', '--rm', 'app:2', check])).stdout, expected, 'deleted file and replaced dir stay deleted');

    const exported = path.join(path.dirname(env.TSLAB_RUN_DIR), 'changer.tar');
    t.equal((await tslab(env, ['export', '-o', exported, 'changer'])).exitCode, 0);
    const inTar = await names(exported);
    t.ok(inTar.includes('data/old/n') && inTar.includes('bin/busybox'), 'the merged view');
    t.notOk(inTar.some((n) => n.includes('.wh.') || n === 'data/kept' || n === 'data/gone' || n === 'data/old/c'), 'no whiteouts, nothing deleted');
    t.equal((await tslab(env, ['image', 'import', exported, 'flat:1'])).exitCode, 0);
    t.equal((await tslab(env, ['run', '--rm', 'flat:1', 'sh', '-c', check])).stdout, expected);
    t.equal((await tslab(env, ['rm', 'changer'])).exitCode, 0);
  });

  await t.test('gc removes a dead load\'s staging; gc --all removes every image and layer', async (t) => {
    const stale = path.join(env.TSLAB_DATA_DIR, 'images', 'tmp', 'load-999999999-x');
    mkdirSync(path.join(stale, 'layer-x'), { recursive: true });
    let r = await tslab(env, ['gc']);
    t.match(r.stdout, /removed image staging load-999999999-x/);
    t.ok(imageStore(env).records.length >= 4, 'gc without --all keeps images');
    r = await tslab(env, ['gc', '--all']);
    t.equal(r.exitCode, 0, r.stderr);
    t.same(imageStore(env), { records: [], layers: [], blobs: [], tmp: [] });
  });

  await assertNothingLeft(t, env);
}
