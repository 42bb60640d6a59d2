// The test VM's kernel and initramfs, made once from Debian packages and kept
// in a cache dir (not in git): Debian's stock kernel (its cgroup v1 is switched
// off at boot, so the VM is pure cgroup v2, like most learners' machines), its
// modules with a busybox depmod index, the kernel as an uncompressed ELF (QEMU
// boots it directly; decompressing vmlinuz under emulation costs ~12 s), and a
// tiny initramfs: static busybox, init.sh and the modules it needs to mount the
// host's root over virtio-9p.
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Loaded in this order by init.sh, with their dependencies before them. */
const BOOT_MODULES = ['virtio_pci', '9pnet_virtio', '9p', 'overlay', 'virtio_rng'];

export function cacheDir() {
  return process.env.TSLAB_VM_CACHE ?? '/var/cache/tslab/test-vm';
}

/** Debian's current 6.1 kernel package for amd64, e.g. linux-image-6.1.0-57-amd64. */
async function kernelPackage(log) {
  const depends = async () => {
    const { stdout } = await execa('apt-cache', ['depends', 'linux-image-amd64'], { reject: false });
    return /Depends: (linux-image-[\w.-]+-amd64)/.exec(stdout)?.[1];
  };
  let name = await depends();
  if (name === undefined) {
    log('apt-get update (no kernel package is known yet)');
    await execa('apt-get', ['update', '-qq']);
    name = await depends();
  }
  if (name === undefined) throw new Error('apt-cache knows no linux-image-amd64: the VM needs Debian\'s kernel package');
  return name;
}

/** The uncompressed kernel: the first xz stream inside vmlinuz that holds an ELF, as the kernel tree's extract-vmlinux finds it. */
async function extractVmlinux(vmlinuz, out) {
  const image = readFileSync(vmlinuz);
  const magic = Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]);
  for (let start = image.indexOf(magic); start >= 0; start = image.indexOf(magic, start + 1)) {
    // --single-stream: the stream is followed by the rest of the boot image.
    const { stdout } = await execa('xz', ['-dc', '--single-stream'], { input: image.subarray(start), encoding: 'buffer', reject: false, stripFinalNewline: false });
    const kernel = Buffer.from(stdout);
    if (kernel.subarray(0, 4).toString('latin1') === '\x7fELF') return writeFileSync(out, kernel);
  }
  throw new Error(`${vmlinuz} holds no xz-compressed ELF kernel`);
}

/** A module and what it needs, dependencies first, as paths relative to the modules dir. */
function withDependencies(names, modulesDep) {
  const deps = new Map();
  for (const line of modulesDep.split('\n')) {
    const [file, rest] = line.split(':');
    if (file && rest !== undefined) deps.set(path.basename(file, '.ko').replaceAll('-', '_'), { file, needs: rest.trim().split(/\s+/).filter(Boolean) });
  }
  const ordered = [];
  const visit = (file) => {
    if (ordered.includes(file)) return;
    const entry = [...deps.values()].find((d) => d.file === file);
    for (const need of entry?.needs ?? []) visit(need);
    ordered.push(file);
  };
  for (const name of names) {
    const entry = deps.get(name);
    if (entry === undefined) throw new Error(`the kernel package has no module ${name}`);
    visit(entry.file);
  }
  return ordered;
}

async function makeInitramfs(dir, modulesDir, out) {
  const stage = path.join(dir, 'initramfs');
  rmSync(stage, { recursive: true, force: true });
  for (const sub of ['bin', 'dev', 'proc', 'sys', 'modules', 'lower', 'rw', 'newroot']) mkdirSync(path.join(stage, sub), { recursive: true });
  copyFileSync('/bin/busybox', path.join(stage, 'bin', 'busybox'));
  copyFileSync(path.join(here, 'init.sh'), path.join(stage, 'init'));
  const modules = withDependencies(BOOT_MODULES, readFileSync(path.join(modulesDir, 'modules.dep'), 'utf8'));
  for (const file of modules) copyFileSync(path.join(modulesDir, file), path.join(stage, 'modules', path.basename(file)));
  writeFileSync(path.join(stage, 'modules', 'order'), modules.map((f) => path.basename(f)).join('\n') + '\n');
  await execa('chmod', ['0755', path.join(stage, 'init'), path.join(stage, 'bin', 'busybox')]);
  const { stdout: files } = await execa('find', ['.', '-mindepth', '1'], { cwd: stage });
  const { stdout } = await execa('busybox', ['cpio', '-o', '-H', 'newc'], { cwd: stage, input: files + '\n', encoding: 'buffer' });
  writeFileSync(out, stdout);
  rmSync(stage, { recursive: true, force: true });
}

/**
 * The kernel, initramfs and modules dir for the VM, made when missing. The
 * initramfs is remade when init.sh changed, so editing it needs no cache purge.
 */
export async function prepareImage(log = () => {}) {
  const pkg = await kernelPackage(log);
  const release = pkg.replace(/^linux-image-/, '');
  const dir = path.join(cacheDir(), release);
  const root = path.join(dir, 'root');
  const modulesDir = path.join(root, 'lib', 'modules', release);
  const vmlinux = path.join(dir, 'vmlinux');
  if (!existsSync(vmlinux)) {
    log(`fetching ${pkg} (once; kept in ${dir})`);
    rmSync(dir, { recursive: true, force: true });
    const download = path.join(dir, 'download');
    mkdirSync(download, { recursive: true });
    // apt's sandbox user cannot write to a root-only cache dir.
    await execa('apt-get', ['download', '-o', 'APT::Sandbox::User=root', pkg], { cwd: download });
    const [deb] = readdirSync(download).filter((f) => f.endsWith('.deb'));
    await execa('dpkg-deb', ['-x', path.join(download, deb), root]);
    log('indexing its modules (busybox depmod)');
    await execa('busybox', ['depmod', '-b', root, release]);
    await extractVmlinux(path.join(root, 'boot', `vmlinuz-${release}`), `${vmlinux}.tmp`);
    rmSync(download, { recursive: true, force: true });
    rmSync(path.join(root, 'boot'), { recursive: true, force: true });
    renameSync(`${vmlinux}.tmp`, vmlinux);
  }
  const initramfs = path.join(dir, 'initramfs.cpio');
  const initSource = readFileSync(path.join(here, 'init.sh'), 'utf8');
  const stamp = path.join(dir, 'initramfs.init.sh');
  if (!existsSync(initramfs) || !existsSync(stamp) || readFileSync(stamp, 'utf8') !== initSource) {
    await makeInitramfs(dir, modulesDir, initramfs);
    writeFileSync(stamp, initSource);
  }
  return { release, vmlinux, initramfs, modulesDir };
}
