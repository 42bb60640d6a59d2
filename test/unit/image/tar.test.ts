/** tslab's tar code: what it writes GNU tar reads back, long names via pax, and the reader's refusals. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import t from 'tap';
import { encodeHeader } from '../../../src/engine/image/tar/header.js';
import { readTar } from '../../../src/engine/image/tar/reader.js';
import { layerTar } from '../../image/fixtures.js';

async function entries(tar: Buffer, chunkSize = 7) {
  // Small chunks: entries and headers straddle the reader's buffers.
  const chunks = async function* () {
    for (let i = 0; i < tar.length; i += chunkSize) yield tar.subarray(i, i + chunkSize);
  };
  const out = [];
  for await (const e of readTar(chunks())) {
    const body: Buffer[] = [];
    for await (const c of e.body) body.push(c);
    out.push({ name: e.name, type: e.type, linkname: e.linkname, mode: e.mode, uid: e.uid, body: Buffer.concat(body).toString() });
  }
  return out;
}

const longName = `dir/${'x'.repeat(150)}/file`;

t.test('written entries read back, in small chunks, long names through pax', async (t) => {
  const tar = await layerTar([
    { name: 'dir/' },
    { name: longName, content: 'long', mode: 0o4755, uid: 1000 },
    { name: 'dir/link', type: 'symlink', linkname: `../${'y'.repeat(120)}` },
    { name: 'dir/hard', type: 'link', linkname: longName },
  ]);
  const read = await entries(tar);
  t.same(read.map((e) => [e.name, e.type]), [['dir/', 'directory'], [longName, 'file'], ['dir/link', 'symlink'], ['dir/hard', 'link']]);
  t.equal(read[1]!.body, 'long');
  t.equal(read[1]!.mode, 0o4755, 'setuid bit kept');
  t.equal(read[1]!.uid, 1000);
  t.equal(read[2]!.linkname, `../${'y'.repeat(120)}`);
  t.equal(read[3]!.linkname, longName);
});

t.test('GNU tar reads what tslab writes, and tslab reads what GNU tar writes', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tslab-tar-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const ours = path.join(dir, 'ours.tar');
  writeFileSync(ours, await layerTar([{ name: 'a/' }, { name: longName.replace('dir/', 'a/'), content: 'hi' }]));
  t.match(execFileSync('tar', ['-tf', ours], { encoding: 'utf8' }), longName.replace('dir/', 'a/'));
  execFileSync('mkdir', ['-p', path.join(dir, 'src', 'sub')]);
  writeFileSync(path.join(dir, 'src', 'sub', `${'z'.repeat(120)}.txt`), 'gnu');
  const gnu = execFileSync('tar', ['-C', path.join(dir, 'src'), '--format=gnu', '-cf', '-', 'sub']);
  const read = await entries(gnu, 1000);
  t.same(read.map((e) => e.name), ['sub/', `sub/${'z'.repeat(120)}.txt`]);
  t.equal(read[1]!.body, 'gnu');
});

t.test('a truncated archive and a bad checksum are errors, not silent ends', async (t) => {
  const tar = await layerTar([{ name: 'f', content: 'x'.repeat(2000) }]);
  await t.rejects(entries(tar.subarray(0, 1024)), /truncated/);
  const header = encodeHeader({ name: 'f', type: 'file', mode: 0o644, uid: 0, gid: 0, size: 0, mtime: 0, linkname: '', devmajor: 0, devminor: 0 });
  header[0] = 0x41;
  await t.rejects(entries(Buffer.concat([header, Buffer.alloc(1024)])), /checksum/);
});
