/** An OCI bundle for tests: `tslab spec`'s config.json with a busybox rootfs. */
import { copyFileSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { OciConfig } from '../../src/oci/config-types.js';

export function makeRootfs(dir: string): void {
  for (const d of ['bin', 'proc', 'sys', 'dev', 'tmp', 'etc']) mkdirSync(path.join(dir, d), { recursive: true });
  copyFileSync('/bin/busybox', path.join(dir, 'bin', 'busybox'));
  for (const applet of ['sh', 'echo', 'cat', 'sleep', 'hostname', 'id']) symlinkSync('busybox', path.join(dir, 'bin', applet));
}

/** Edit the bundle's config.json in place. */
export function editConfig(bundle: string, edit: (config: OciConfig) => void): void {
  const file = path.join(bundle, 'config.json');
  const config = JSON.parse(readFileSync(file, 'utf8')) as OciConfig;
  edit(config);
  writeFileSync(file, JSON.stringify(config, null, 2));
}
