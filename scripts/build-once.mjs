// `prepare` runs on `npm ci`/`npm install`, and again whenever npm installs this
// folder as a package, which `npx tslab` does: 90 s of rebuilding on a busy
// 2-core machine for nothing. So prepare builds only when an input is newer than
// the last build's stamp; `npm run build` always builds.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stamp = path.join(root, 'dist', '.build-stamp');
const INPUTS = ['src', 'lessons', 'native/src', 'native/Makefile', 'scripts', 'sandboxes', 'bin', 'package.json', 'package-lock.json', 'tsconfig.json'];

function newest(file) {
  if (!existsSync(file)) return 0;
  const stat = statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(file).map((name) => newest(path.join(file, name))));
}

const inputs = Math.max(...INPUTS.map((input) => newest(path.join(root, input))));
if (existsSync(stamp) && statSync(stamp).mtimeMs >= inputs && existsSync(path.join(root, 'native', 'build'))) {
  console.log('tslab: the build is up to date (npm run build rebuilds)');
} else {
  const result = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
  writeFileSync(stamp, `${new Date().toISOString()}\n`);
}
