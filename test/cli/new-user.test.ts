/** Small things a new user met, each as they typed it: a userns container with a volume, a -w that does not exist yet. */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import t from 'tap';
import { assertNothingLeft, cleanUpAfter, isolatedEnv, needsRoot, tslab } from '../helpers/tslab.js';

if (needsRoot(t)) {
  const env = isolatedEnv('newuser');
  cleanUpAfter(t, env);
  const host = mkdtempSync(path.join(tmpdir(), 'tslab-vol-'));
  t.teardown(() => rmSync(host, { recursive: true, force: true }));
  writeFileSync(path.join(host, 'note'), 'from the host\n', { mode: 0o644 });
  // Root inside a user namespace is uid 100000 here: it reads what others may read.
  chmodSync(host, 0o755);

  await t.test('--userns with -v HOST:/data:ro: the mount point is made, the file is read', async (t) => {
    const r = await tslab(env, ['run', '--rm', '--net', 'none', '--userns', '-v', `${host}:/data:ro`, 'busybox', 'cat', '/data/note']);
    t.equal(r.exitCode, 0, r.stderr);
    t.equal(r.stdout, 'from the host');
  });

  await t.test('-w /newdir is made when missing, as docker does', async (t) => {
    const r = await tslab(env, ['run', '--rm', '--net', 'none', '-w', '/newdir/deeper', 'busybox', 'pwd']);
    t.equal(r.exitCode, 0, r.stderr);
    t.equal(r.stdout, '/newdir/deeper');
    const u = await tslab(env, ['run', '--rm', '--net', 'none', '--userns', '-w', '/work', 'busybox', 'pwd']);
    t.equal(u.exitCode, 0, u.stderr);
    t.equal(u.stdout, '/work');
  });

  await assertNothingLeft(t, env);
}
