/**
 * cgroup v2 has no devices.allow file: device access is decided by an eBPF
 * program of type BPF_PROG_TYPE_CGROUP_DEVICE attached to the group. This
 * builds that program from the same rules v1 writes (last matching rule
 * wins, no match denies), as raw instructions; loading and attaching it
 * (bpf(BPF_PROG_LOAD), bpf(BPF_PROG_ATTACH)) is not done yet.
 *
 * The kernel calls it with struct bpf_cgroup_dev_ctx { u32 access_type; u32
 * major; u32 minor; }, access_type = access << 16 | type, and reads r0:
 * 1 allows, 0 refuses.
 */
import type { DeviceRule } from '../types.js';

/** One eBPF instruction: 8 bytes (opcode, dst/src registers, offset, immediate). */
export interface Insn {
  code: number;
  dst: number;
  src: number;
  off: number;
  imm: number;
}

export const DEV_TYPE = { b: 1, c: 2 } as const; // BPF_DEVCG_DEV_BLOCK, BPF_DEVCG_DEV_CHAR
export const DEV_ACCESS = { m: 1, r: 2, w: 4 } as const; // BPF_DEVCG_ACC_MKNOD, _READ, _WRITE

const OP = {
  ldxw: 0x61, // BPF_LDX | BPF_MEM | BPF_W
  and32: 0x54, // BPF_ALU | BPF_AND | BPF_K
  rsh32: 0x74, // BPF_ALU | BPF_RSH | BPF_K
  mov32x: 0xbc, // BPF_ALU | BPF_MOV | BPF_X
  mov32: 0xb4, // BPF_ALU | BPF_MOV | BPF_K
  jne: 0x55, // BPF_JMP | BPF_JNE | BPF_K
  jnex: 0x5d, // BPF_JMP | BPF_JNE | BPF_X
  exit: 0x95, // BPF_JMP | BPF_EXIT
} as const;
export { OP as BPF_OPS };

const insn = (code: number, dst = 0, src = 0, off = 0, imm = 0): Insn => ({ code, dst, src, off, imm });

function accessMask(access: string): number {
  return [...access].reduce((mask, ch) => mask | (DEV_ACCESS[ch as keyof typeof DEV_ACCESS] ?? 0), 0);
}

/** Registers after the prologue: r2 type, r3 access, r4 major, r5 minor; r1 is free for scratch. */
function ruleBlock(rule: DeviceRule): Insn[] {
  const checks: Array<(skip: number) => Insn[]> = [];
  const type = rule.type;
  if (type !== 'a') checks.push((skip) => [insn(OP.jne, 2, 0, skip, DEV_TYPE[type])]);
  const mask = accessMask(rule.access);
  // The access asked for must be within the rule's: (asked & mask) == asked.
  if (mask !== 7) checks.push((skip) => [insn(OP.mov32x, 1, 3), insn(OP.and32, 1, 0, 0, mask), insn(OP.jnex, 1, 3, skip)]);
  if (rule.major !== undefined) checks.push((skip) => [insn(OP.jne, 4, 0, skip, rule.major)]);
  if (rule.minor !== undefined) checks.push((skip) => [insn(OP.jne, 5, 0, skip, rule.minor)]);
  const verdict = [insn(OP.mov32, 0, 0, 0, rule.allow ? 1 : 0), insn(OP.exit)];
  // Built back to front: each check ends in a jump over the rest of this rule's block, to the next rule.
  let block = verdict;
  for (const check of checks.reverse()) block = [...check(block.length), ...block];
  return block;
}

export function buildDeviceProgram(rules: readonly DeviceRule[]): Insn[] {
  const prologue = [
    insn(OP.ldxw, 2, 1, 0),
    insn(OP.and32, 2, 0, 0, 0xffff),
    insn(OP.ldxw, 3, 1, 0),
    insn(OP.rsh32, 3, 0, 0, 16),
    insn(OP.ldxw, 4, 1, 4),
    insn(OP.ldxw, 5, 1, 8),
  ];
  // Last matching rule wins, as in the v1 controller: test the last first.
  const blocks = [...rules].reverse().flatMap(ruleBlock);
  return [...prologue, ...blocks, insn(OP.mov32, 0, 0, 0, 0), insn(OP.exit)];
}

/** The bytes bpf(BPF_PROG_LOAD) takes (little-endian, as on x86-64 and arm64). */
export function encodeProgram(program: readonly Insn[]): Buffer {
  const out = Buffer.alloc(program.length * 8);
  program.forEach((i, n) => {
    out.writeUInt8(i.code, n * 8);
    out.writeUInt8((i.src << 4) | i.dst, n * 8 + 1);
    out.writeInt16LE(i.off, n * 8 + 2);
    out.writeInt32LE(i.imm, n * 8 + 4);
  });
  return out;
}
