#!/usr/bin/env node
// Tools only the tests need, installed by the project itself (as root, on
// Debian) so that `npm test` passes on a fresh machine: tmux drives the real
// terminal in the TUI and `run -it` tests; util-linux gives nsenter and ipcmk
// to lesson 2; procps gives ps; postgresql is the real server the workshop
// tests run against (a temp cluster each, test/workshop/postgres.ts); chromium
// shows their web dashboard (driven by playwright-core, which fetches no browser);
// podman (with netavark for its default network) drives tslab-runtime in
// test/oci/podman.test.ts; qemu-system-x86 and xz-utils boot the pure cgroup-v2
// VM of `npm run test:v2` (its kernel comes from apt, see scripts/vm/image.mjs).
// The tools tslab itself needs come from `tslab setup`.
import { accessSync, constants, existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';

const needed = {
  tmux: 'tmux', nsenter: 'util-linux', ipcmk: 'util-linux', ps: 'procps', chromium: 'chromium', podman: 'podman', netavark: 'netavark',
  'qemu-system-x86_64': 'qemu-system-x86', xz: 'xz-utils', 'dpkg-deb': 'dpkg',
};

function has(tool) {
  // podman's network helpers live in /usr/lib/podman, off PATH.
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/sbin', '/sbin', '/usr/lib/podman'];
  return dirs.some((dir) => {
    try {
      accessSync(path.join(dir, tool), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

const missing = [];
for (const [tool, pkg] of Object.entries(needed)) if (!has(tool) && !missing.includes(pkg)) missing.push(pkg);
// The server binaries live outside PATH, under /usr/lib/postgresql/VERSION/bin.
const pgBase = '/usr/lib/postgresql';
if (!(existsSync(pgBase) && readdirSync(pgBase).some((v) => existsSync(path.join(pgBase, v, 'bin', 'initdb'))))) missing.push('postgresql');
if (missing.length > 0) {
  if (process.geteuid?.() !== 0) {
    console.warn(`tests that need ${missing.join(', ')} will fail or skip: install them as root (apt-get install ${missing.join(' ')})`);
  } else {
    console.log(`installing test tools: ${missing.join(' ')}`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    await execa('apt-get', ['update', '-qq'], { env, stdio: 'inherit' });
    await execa('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { env, stdio: 'inherit' });
  }
}
