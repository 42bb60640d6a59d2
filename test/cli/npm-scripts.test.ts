/** `npm ci` should not greet a newcomer with an alarm: every dependency's install script is reviewed in package.json's allowScripts. */
import { execa } from 'execa';
import t from 'tap';
import { repoRoot } from '../helpers/tslab.js';

t.test('no install script is left unreviewed', async (t) => {
  const r = await execa('npm', ['install-scripts', 'ls'], { cwd: repoRoot, reject: false });
  t.equal(r.exitCode, 0, r.stderr);
  t.match(r.stdout, /No packages with unreviewed install scripts/);
});
