import t from 'tap';
import { flag, parseArgs, value, values, type OptionSpec } from '../../../src/cli/args.js';

const specs: OptionSpec[] = [
  { name: 'detach', short: 'd', description: 'd' },
  { name: 'interactive', short: 'i', description: 'd' },
  { name: 'tty', short: 't', description: 'd' },
  { name: 'memory', short: 'm', value: 'X', description: 'd' },
  { name: 'env', short: 'e', value: 'X', description: 'd', repeatable: true },
];

t.test('options stop at the first positional; the rest is the command', async (t) => {
  const args = parseArgs(['-dit', '--memory=64m', '-e', 'A=1', '-eB=2', 'busybox', 'sh', '-c', 'echo -e hi'], specs, 'u', { stopAtPositional: true });
  t.ok(flag(args, 'detach') && flag(args, 'interactive') && flag(args, 'tty'));
  t.equal(value(args, 'memory'), '64m');
  t.same(values(args, 'env'), ['A=1', 'B=2']);
  t.same(args.positionals, ['busybox', 'sh', '-c', 'echo -e hi']);
});

t.test('usage errors name the option and show usage', async (t) => {
  t.throws(() => parseArgs(['--nope'], specs, 'tslab run ...'), { code: 'E_USAGE', message: /--nope/, hint: /tslab run/ });
  t.throws(() => parseArgs(['--memory'], specs, 'u'), { code: 'E_USAGE', message: /needs a value/ });
  t.throws(() => parseArgs(['-x'], specs, 'u'), { code: 'E_USAGE' });
  t.throws(() => parseArgs(['--detach=yes'], specs, 'u'), { code: 'E_USAGE' });
});

t.test('-- ends options', async (t) => {
  t.same(parseArgs(['--', '-d'], specs, 'u').positionals, ['-d']);
});
