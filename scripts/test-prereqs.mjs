#!/usr/bin/env node
// Tools only the tests need, installed by the project itself (as root, on
// Debian) so that `npm test` passes on a fresh machine: tmux drives the real
// terminal in the TUI and `run -it` tests; util-linux gives nsenter and ipcmk
// to lesson 2; procps gives ps; qemu-system-x86 and xz-utils boot the pure cgroup-v2
// VM of `npm run test:v2` (its kernel comes from apt, see scripts/vm/image.mjs).
// The tools tslab itself needs come from `tslab setup`.
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';

const needed = {
  tmux: 'tmux', nsenter: 'util-linux', ipcmk: 'util-linux', ps: 'procps',
  'qemu-system-x86_64': 'qemu-system-x86', xz: 'xz-utils', 'dpkg-deb': 'dpkg',
};

function has(tool) {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/sbin', '/sbin'];
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
