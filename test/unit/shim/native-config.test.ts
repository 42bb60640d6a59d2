/**
 * The shim checks every protocol input before it does anything: these configs
 * are refused at the config stage (no root needed: nothing privileged runs).
 */
import { spawn } from 'node:child_process';
import type { Duplex } from 'node:stream';
import t from 'tap';
import { shimBinary } from '../../../src/engine/shim/launch.js';
import { encodeConfig, type ConfigRecord } from '../../../src/engine/shim/protocol.js';

async function shimSays(config: Buffer): Promise<{ lines: string; code: number | null }> {
  const child = spawn(shimBinary(), [], { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
  const control = child.stdio[3] as Duplex;
  let lines = '';
  control.on('data', (chunk: Buffer) => (lines += chunk.toString()));
  control.on('error', () => undefined);
  control.write(config);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { lines, code };
}

const base: ConfigRecord[] = [['mode', 'exec'], ['target_pid', '1'], ['arg', 'true']];

t.test('a namespace joined twice is refused (join records are bounded by type)', async (t) => {
  const r = await shimSays(encodeConfig([...base, ['join', ['net', '/proc/1/ns/net']], ['join', ['net', '/proc/1/ns/net']]]));
  t.equal(r.code, 125);
  t.match(r.lines, /^E config 22 join: the net namespace is joined twice/m);
});

t.test('a relative join path is refused', async (t) => {
  const r = await shimSays(encodeConfig([...base, ['join', ['net', 'proc/1/ns/net']]]));
  t.match(r.lines, /^E config 22 join net: path proc\/1\/ns\/net is not absolute/m);
});

t.test('a config with too many records is refused before it is all read', async (t) => {
  const many: ConfigRecord[] = Array.from({ length: 20_000 }, () => ['env', 'A=1']);
  const r = await shimSays(encodeConfig([...base, ...many]));
  t.equal(r.code, 125);
  t.match(r.lines, /^E config 7 more than 16384 records/m);
});
