/**
 * tslab image load, ls, inspect, rm on the real kernel: both archive formats,
 * shared layers stored once, whiteouts and opaque dirs as overlayfs sees them,
 * digests checked, and every hostile archive refused with nothing left.
 */
import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { bufferLayer } from '../../src/engine/image/write-archive.js';
import { TarWriter } from '../../src/engine/image/tar/writer.js';
import { assertNothingLeft, cleanUpAfter, isolatedEnv, needsRoot, tslab } from '../helpers/tslab.js';
import { archive, layerTar, oneLayerImage, twoImages, type FixtureEntry } from './fixtures.js';
import { imageStore, writeTemp } from './helpers.js';

if (needsRoot(t)) {
  const env = isolatedEnv('image-load');
  cleanUpAfter(t, env);
  mkdirSync(path.dirname(env.TSLAB_RUN_DIR), { recursive: true });
  const images = await twoImages();
  const dockerTar = writeTemp(env, 'two-docker.tar', await archive(images, 'docker'));
  const ociTar = writeTemp(env, 'two-oci.tar', await archive(images, 'oci'));
  const empty = { records: [], layers: [], blobs: [], tmp: [] };

  for (const [format, file] of [['docker save', dockerTar], ['OCI layout', ociTar]] as const) {
    await t.test(`${format}: both images load, the shared base layer is stored once`, async (t) => {
      const r = await tslab(env, ['image', 'load', '-i', file]);
      t.equal(r.exitCode, 0, r.stderr);
      t.equal(r.stdout, 'Loaded image: app:1\nLoaded image: plain:1');
      const store = imageStore(env);
      t.equal(store.records.length, 2);
      t.equal(store.layers.length, 2, 'three layer references, two layers: the base once');
      t.equal(store.blobs.length, 4, 'two configs and two layer tars');
      t.same(store.tmp, [], 'no staging left');
      const ls = await tslab(env, ['image', 'ls']);
      t.match(ls.stdout, /^app\s+1\s+[0-9a-f]{12}\s+2\s/m);
      t.match(ls.stdout, /^plain\s+1\s+[0-9a-f]{12}\s+1\s/m);

      const run = await tslab(env, ['run', '--rm', 'app:1', 'ls /data /data/old; cat /data/kept']);
      t.equal(run.exitCode, 0, run.stderr);
      t.equal(run.stdout, '/data:\nadded\nkept\nold\n\n/data/old:\nc\nkept', 'the whiteout hides gone, the opaque dir hides a and b');
      const plain = await tslab(env, ['run', '--rm', 'plain:1', 'ls', '/data', '/data/old']);
      t.equal(plain.stdout, '/data:\ngone\nkept\nold\n\n/data/old:\na\nb', 'the base layer alone still has them');

      for (const ref of ['plain:1', 'app:1']) t.equal((await tslab(env, ['image', 'rm', ref])).exitCode, 0);
      t.same(imageStore(env), empty, 'removing both images removes their layers and blobs');
    });
  }

  await t.test('inspect shows the config, exposed ports and each layer as an overlay lowerdir', async (t) => {
    t.equal((await tslab(env, ['image', 'load', '-i', dockerTar])).exitCode, 0);
    const [info] = JSON.parse((await tslab(env, ['image', 'inspect', 'app:1'])).stdout);
    t.same(info.ExposedPorts, ['53/udp', '80/tcp']);
    t.equal(info.Config.User, 'app');
    t.equal(info.Layers.length, 2);
    t.equal(info.LowerDirs.length, 2);
    t.equal(path.basename(info.LowerDirs[0]), info.Layers[1].slice(7), 'the top layer comes first, as overlay wants it');
    const whiteout = statSync(path.join(info.LowerDirs[0], 'data', 'gone'));
    t.ok(whiteout.isCharacterDevice() && whiteout.rdev === 0, 'a .wh. entry is a char device 0:0 on disk');

    const used = await tslab(env, ['run', '-d', '--name', 'user', 'plain:1', 'sleep', '60']);
    t.equal(used.exitCode, 0, used.stderr);
    const refused = await tslab(env, ['image', 'rm', 'plain:1']);
    t.equal(refused.exitCode, 125);
    t.match(refused.stderr, /used by container user/);
    t.equal((await tslab(env, ['rm', '-f', 'user'])).exitCode, 0);
    t.equal((await tslab(env, ['image', 'rm', 'plain:1'])).exitCode, 0);
    t.equal(imageStore(env).layers.length, 2, 'the base layer stays: app:1 still uses it');
    t.equal((await tslab(env, ['image', 'rm', 'app:1'])).exitCode, 0);
  });

  await t.test('a changed byte in a layer is a digest mismatch, and nothing is kept', async (t) => {
    for (const format of ['docker', 'oci'] as const) {
      const bytes = await archive(images, format);
      const at = bytes.indexOf('added by layer 2');
      bytes[at] = 'A'.charCodeAt(0);
      const r = await tslab(env, ['image', 'load', '-i', writeTemp(env, `tampered-${format}.tar`, bytes)]);
      t.equal(r.exitCode, 125, format);
      t.match(r.stderr, /digest sha256:[0-9a-f]{64} does not match/, format);
      t.same(imageStore(env), empty, `${format}: nothing left`);
    }
  });

  const hostile: Array<[string, FixtureEntry[], RegExp]> = [
    ['dot-dot', [{ name: 'a/../../escape', content: 'x' }], /"a\/..\/..\/escape".*`..` leads outside/],
    ['absolute path', [{ name: '/etc/tslab-escape', content: 'x' }], /"\/etc\/tslab-escape".*absolute path/],
    ['symlink leading out', [{ name: 'd/' }, { name: 'd/up', type: 'symlink', linkname: '../../../../tmp' }], /"d\/up".*leads outside/],
    ['write through a symlink', [{ name: 'etc', type: 'symlink', linkname: '/etc' }, { name: 'etc/tslab-escape', content: 'x' }], /"etc\/tslab-escape".*writes through the symlink etc/],
    ['hard link leading out', [{ name: 'h', type: 'link', linkname: '../../../etc/passwd' }], /"h".*hard link target/],
    ['hard link to an absolute path', [{ name: 'h', type: 'link', linkname: '/etc/passwd' }], /"h".*absolute path/],
    ['hard link through a symlink', [{ name: 'e', type: 'symlink', linkname: '/etc' }, { name: 'h', type: 'link', linkname: 'e/passwd' }], /"h".*writes through the symlink e/],
    ['whiteout of ..', [{ name: 'd/' }, { name: 'd/.wh...' }], /"d\/.wh...".*no name/],
  ];
  for (const [label, entries, message] of hostile) {
    await t.test(`hostile layer refused: ${label}`, async (t) => {
      const file = writeTemp(env, 'hostile.tar', await archive([...(await twoImages()).slice(1), ...(await oneLayerImage('evil:1', entries))], 'docker'));
      const r = await tslab(env, ['image', 'load', '-i', file]);
      t.equal(r.exitCode, 125);
      t.match(r.stderr, message);
      t.same(imageStore(env), empty, 'nothing left, not even the good image loaded before it');
      t.throws(() => statSync('/etc/tslab-escape'), 'nothing written on the host');
    });
  }

  await t.test('hostile archive member names and limits are refused too', async (t) => {
    const chunks: Buffer[] = [];
    const outer = new TarWriter({ write: (c) => void chunks.push(c) });
    await outer.add({ name: '../../outside', type: 'file', size: 1 }, Buffer.from('x'));
    await outer.end();
    let r = await tslab(env, ['image', 'load', '-i', writeTemp(env, 'outer.tar', Buffer.concat(chunks))]);
    t.equal(r.exitCode, 125);
    t.match(r.stderr, /refused entry "..\/..\/outside"/);

    const many = await archive(await oneLayerImage('many:1', Array.from({ length: 20 }, (_, i) => ({ name: `f${i}`, content: 'x' }))), 'docker');
    r = await tslab(env, ['image', 'load', '-i', writeTemp(env, 'many.tar', many)], { env: { ...env, TSLAB_IMAGE_MAX_ENTRIES: '10', TSLAB_DEBUG: '' } });
    t.equal(r.exitCode, 125);
    t.match(r.stderr, /refused entry "f\d+": more than 10 entries/);

    const big = await archive(await oneLayerImage('big:1', [{ name: 'big', content: 'x'.repeat(64 * 1024) }]), 'docker');
    r = await tslab(env, ['image', 'load', '-i', writeTemp(env, 'big.tar', big)], { env: { ...env, TSLAB_IMAGE_MAX_BYTES: '40000', TSLAB_DEBUG: '' } });
    t.equal(r.exitCode, 125);
    t.match(r.stderr, /refused entry .*larger than 40000 bytes/);
    t.same(imageStore(env), empty);
  });

  await t.test('device nodes and setuid bits are kept, as docker keeps them', async (t) => {
    const file = writeTemp(env, 'dev.tar', await archive([{
      repoTags: ['dev:1'],
      config: { os: 'linux', config: { Cmd: ['/bin/sh'] } },
      layers: [bufferLayer(await layerTar([
        { name: 'dev/' },
        { name: 'dev/null2', type: 'char', devmajor: 1, devminor: 3, mode: 0o666 },
        { name: 'suid', content: '#!/bin/sh\n', mode: 0o4755, uid: 1000 },
        { name: 'fifo', type: 'fifo', mode: 0o600 },
      ]))],
    }], 'oci'));
    t.equal((await tslab(env, ['image', 'load', '-i', file])).exitCode, 0);
    const [info] = JSON.parse((await tslab(env, ['image', 'inspect', 'dev:1'])).stdout);
    const dev = statSync(path.join(info.LowerDirs[0], 'dev', 'null2'));
    t.ok(dev.isCharacterDevice());
    t.equal(dev.rdev, 259, 'major 1, minor 3');
    const suid = statSync(path.join(info.LowerDirs[0], 'suid'));
    t.equal(suid.mode & 0o7777, 0o4755);
    t.equal(suid.uid, 1000);
    t.ok(statSync(path.join(info.LowerDirs[0], 'fifo')).isFIFO());
    t.equal((await tslab(env, ['image', 'rm', 'dev:1'])).exitCode, 0);
    t.same(imageStore(env), empty);
  });

  await assertNothingLeft(t, env);
}
