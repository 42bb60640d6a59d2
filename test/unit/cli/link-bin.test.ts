/** `tslab setup` puts tslab on PATH with a link it owns, and never replaces someone else's `tslab`. */
import { execFileSync } from 'node:child_process';
import { lstatSync, mkdtempSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import t, { type Test } from 'tap';
import { linkOnPath } from '../../../src/cli/link-bin.js';
import { repoRoot } from '../../helpers/tslab.js';

const target = path.join(repoRoot, 'bin', 'tslab.js');

function binDir(t: Test) {
  const dir = mkdtempSync(path.join(tmpdir(), 'tslab-bin-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return { dir, env: { TSLAB_BIN_DIR: dir, PATH: `${dir}:/usr/bin:/bin` } };
}

t.test('links bin/tslab.js into the bin dir; the link runs tslab; a second run changes nothing', async (t) => {
  const { dir, env } = binDir(t);
  const first = linkOnPath({ env });
  t.ok(first.linked);
  t.equal(readlinkSync(path.join(dir, 'tslab')), target);
  const help = execFileSync(path.join(dir, 'tslab'), ['--version'], { encoding: 'utf8', env: { ...process.env, ...env } });
  t.match(help, /\d+\.\d+\.\d+/, 'the command on PATH is tslab');
  t.match(linkOnPath({ env }).said, /tslab is on PATH/);
});

t.test('a link to another checkout is replaced; a foreign file or link is left alone', async (t) => {
  const { dir, env } = binDir(t);
  symlinkSync('/srv/old-checkout/bin/tslab.js', path.join(dir, 'tslab'));
  t.match(linkOnPath({ env, keep: true }).said, /points to another checkout/, "the build's own call keeps the first checkout's link");
  t.equal(readlinkSync(path.join(dir, 'tslab')), '/srv/old-checkout/bin/tslab.js');
  t.match(linkOnPath({ env }).said, /was \/srv\/old-checkout/, '`tslab setup` moves it here');
  t.equal(readlinkSync(path.join(dir, 'tslab')), target);

  rmSync(path.join(dir, 'tslab'));
  symlinkSync('/usr/bin/true', path.join(dir, 'tslab'));
  const foreign = linkOnPath({ env });
  t.notOk(foreign.linked);
  t.match(foreign.said, /not to a tslab checkout; left alone/);
  t.equal(readlinkSync(path.join(dir, 'tslab')), '/usr/bin/true');

  rmSync(path.join(dir, 'tslab'));
  writeFileSync(path.join(dir, 'tslab'), '#!/bin/sh\n');
  t.match(linkOnPath({ env }).said, /is not tslab's link; left alone/);
  t.notOk(lstatSync(path.join(dir, 'tslab')).isSymbolicLink());
});

t.test('--dry-run says what it would do and does nothing; a bin dir off PATH is pointed out', async (t) => {
  const { dir } = binDir(t);
  const env = { TSLAB_BIN_DIR: dir, PATH: '/usr/bin:/bin' };
  t.match(linkOnPath({ env, dryRun: true }).said, /would link/);
  t.throws(() => lstatSync(path.join(dir, 'tslab')));
  t.match(linkOnPath({ env }).said, /is not on your PATH/);
});
