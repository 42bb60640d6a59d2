/**
 * The v2 device program, run by a tiny interpreter of the instructions it
 * uses: the semantics must be the v1 controller's (last matching rule wins,
 * no match refuses). Loading it into a kernel is not possible here (the
 * machine's cgroups are v1), so the interpreter is the check.
 */
import t from 'tap';
import { BPF_OPS as OP, buildDeviceProgram, DEV_ACCESS, DEV_TYPE, encodeProgram, type Insn } from '../../../src/engine/cgroups/v2/devices-bpf.js';
import { DEFAULT_DEVICE_RULES, PRIVILEGED_DEVICE_RULES } from '../../../src/engine/security/devices.js';

function run(program: readonly Insn[], ctx: [number, number, number]): number {
  const r = new Array<number>(11).fill(0);
  for (let pc = 0, steps = 0; pc < program.length && steps < 10_000; pc++, steps++) {
    const i = program[pc]!;
    switch (i.code) {
      case OP.ldxw: r[i.dst] = ctx[i.off / 4]!; break;
      case OP.and32: r[i.dst] = (r[i.dst]! & i.imm) >>> 0; break;
      case OP.rsh32: r[i.dst] = r[i.dst]! >>> i.imm; break;
      case OP.mov32x: r[i.dst] = r[i.src]!; break;
      case OP.mov32: r[i.dst] = i.imm; break;
      case OP.jne: if (r[i.dst] !== i.imm) pc += i.off; break;
      case OP.jnex: if (r[i.dst] !== r[i.src]) pc += i.off; break;
      case OP.exit: return r[0]!;
      default: throw new Error(`unknown opcode ${i.code}`);
    }
  }
  throw new Error('the program ran off its end');
}

const ask = (type: 'b' | 'c', major: number, minor: number, access: string): [number, number, number] => [
  ([...access].reduce((m, a) => m | DEV_ACCESS[a as 'r'], 0) << 16) | DEV_TYPE[type], major, minor,
];

t.test('default rules: the standard devices open, others can be made but not opened', async (t) => {
  const program = buildDeviceProgram(DEFAULT_DEVICE_RULES);
  t.equal(run(program, ask('c', 1, 3, 'rw')), 1, '/dev/null');
  t.equal(run(program, ask('c', 1, 9, 'r')), 1, '/dev/urandom');
  t.equal(run(program, ask('c', 136, 7, 'rw')), 1, '/dev/pts/7');
  t.equal(run(program, ask('c', 10, 237, 'r')), 0, '/dev/loop-control refused');
  t.equal(run(program, ask('b', 8, 0, 'r')), 0, 'a disk refused');
  t.equal(run(program, ask('c', 1, 1, 'rw')), 0, '/dev/mem refused');
  t.equal(run(program, ask('c', 10, 237, 'm')), 1, 'mknod allowed');
  t.equal(run(program, ask('b', 8, 0, 'm')), 1, 'mknod of a block device allowed');
  t.equal(run(program, ask('c', 1, 3, 'rwm')), 1);
});

t.test('privileged: everything; no rules: nothing; a later deny overrides an allow', async (t) => {
  t.equal(run(buildDeviceProgram(PRIVILEGED_DEVICE_RULES), ask('b', 8, 0, 'rw')), 1);
  t.equal(run(buildDeviceProgram([]), ask('c', 1, 3, 'r')), 0);
  const program = buildDeviceProgram([{ allow: true, type: 'c', major: 1, access: 'rwm' }, { allow: false, type: 'c', major: 1, minor: 1, access: 'rwm' }]);
  t.equal(run(program, ask('c', 1, 3, 'r')), 1);
  t.equal(run(program, ask('c', 1, 1, 'r')), 0);
});

t.test('encoded as the kernel reads it: 8 bytes an instruction, registers packed', async (t) => {
  const bytes = encodeProgram(buildDeviceProgram([]));
  t.equal(bytes.length % 8, 0);
  t.same([...bytes.subarray(0, 8)], [0x61, 0x12, 0, 0, 0, 0, 0, 0], 'ldxw r2, [r1+0]');
  t.same([...bytes.subarray(bytes.length - 8)], [0x95, 0, 0, 0, 0, 0, 0, 0], 'exit');
});
