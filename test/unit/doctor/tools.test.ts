import t from 'tap';
import { elfLinking, findOnPath, toolChecks, type ToolState } from '../../../src/engine/doctor/tools.js';
import { parseFilesystems, unionFsChecks } from '../../../src/engine/doctor/overlayfs.js';
import { packagesFor } from '../../../src/engine/setup.js';

/** A minimal ELF64 little-endian header with the given program header types. */
function elf64(types: number[]): Buffer {
  const phoff = 64;
  const buffer = Buffer.alloc(phoff + 56 * types.length);
  buffer.writeUInt32BE(0x7f454c46, 0);
  buffer[4] = 2; // ELFCLASS64
  buffer[5] = 1; // little endian
  buffer.writeBigUInt64LE(BigInt(phoff), 0x20);
  buffer.writeUInt16LE(56, 0x36);
  buffer.writeUInt16LE(types.length, 0x38);
  types.forEach((type, i) => buffer.writeUInt32LE(type, phoff + i * 56));
  return buffer;
}

/** ELF32 big endian (e.g. MIPS). */
function elf32be(types: number[]): Buffer {
  const phoff = 52;
  const buffer = Buffer.alloc(phoff + 32 * types.length);
  buffer.writeUInt32BE(0x7f454c46, 0);
  buffer[4] = 1;
  buffer[5] = 2;
  buffer.writeUInt32BE(phoff, 0x1c);
  buffer.writeUInt16BE(32, 0x2a);
  buffer.writeUInt16BE(types.length, 0x2c);
  types.forEach((type, i) => buffer.writeUInt32BE(type, phoff + i * 32));
  return buffer;
}

t.test('static vs dynamic ELF from PT_INTERP', async (t) => {
  const PT_LOAD = 1;
  const PT_INTERP = 3;
  const PT_NOTE = 4;
  t.equal(elfLinking(elf64([PT_LOAD, PT_LOAD, PT_NOTE])), 'static');
  t.equal(elfLinking(elf64([6, PT_INTERP, PT_LOAD])), 'dynamic');
  t.equal(elfLinking(elf32be([PT_LOAD])), 'static');
  t.equal(elfLinking(elf32be([PT_INTERP, PT_LOAD])), 'dynamic');
  t.equal(elfLinking(Buffer.from('#!/bin/sh\necho busybox\n'.padEnd(80))), 'not-elf');
  t.equal(elfLinking(Buffer.alloc(0)), 'not-elf');
  t.equal(elfLinking(elf64([PT_LOAD]).subarray(0, 66)), 'not-elf', 'truncated program headers');
});

t.test('findOnPath', async (t) => {
  const dir = t.testdir({ bin: { tool: '#!/bin/sh\n', data: 'x' } });
  const { chmodSync } = await import('node:fs');
  chmodSync(`${dir}/bin/tool`, 0o755);
  t.equal(await findOnPath('tool', `/nonexistent:${dir}/bin`), `${dir}/bin/tool`);
  t.equal(await findOnPath('data', `${dir}/bin`), undefined, 'not executable');
  t.equal(await findOnPath('tool', undefined), undefined);
});

t.test('tool rows and packages for setup', async (t) => {
  const tools: ToolState[] = [
    { id: 'ip', title: 'ip (iproute2)', ok: true, detail: '/usr/sbin/ip', packages: [] },
    { id: 'iptables', title: 'iptables', ok: false, detail: 'not installed', packages: ['iptables'] },
    { id: 'busybox', title: 'busybox (static)', ok: false, detail: 'dynamically linked', packages: ['busybox-static'] },
    { id: 'cc', title: 'C compiler (cc)', ok: false, detail: 'not installed', packages: ['gcc', 'libc6-dev'] },
    { id: 'make', title: 'make', ok: false, detail: 'not installed', packages: ['make'] },
  ];
  t.same(packagesFor(tools), ['iptables', 'busybox-static', 'gcc', 'libc6-dev', 'make']);
  t.same(packagesFor(tools.slice(0, 1)), []);
  const rows = toolChecks(tools);
  t.same(rows.map((r) => r.id), ['tool.ip', 'tool.busybox', 'tool.cc', 'tool.make'], 'iptables has its own check');
  t.match(rows[1], { status: 'missing', required: true, fix: 'tslab setup' });
  t.equal(rows[0]?.fix, undefined, 'no fix on ok rows');
});

t.test('/proc/filesystems and union filesystems', async (t) => {
  const names = parseFilesystems('nodev\tsysfs\nnodev\ttmpfs\n\text4\nnodev\toverlay\n');
  t.ok(names.has('overlay'));
  t.ok(names.has('ext4'));
  t.notOk(names.has('nodev'));
  const [overlay, aufs] = unionFsChecks({ overlay: 'absent', aufs: 'absent' });
  t.match(overlay, { status: 'missing', required: true, fix: /modprobe overlay.*CONFIG_OVERLAY_FS/ });
  t.match(aufs, { status: 'unavailable', required: false, detail: /^not available in this kernel: .*never merged into mainline/ });
  t.equal(unionFsChecks({ overlay: 'loadable', aufs: 'present' })[0]?.status, 'ok');
});
