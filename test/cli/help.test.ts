/** Every command's --help, as a process: generated from the same table the parser reads. */
import t from 'tap';
import { allCommands } from '../../src/cli/commands/index.js';
import { isolatedEnv, tslab } from '../helpers/tslab.js';

const env = isolatedEnv('help');
// Help needs no root: a learner reads it before anything else.
const asNobody = { uid: 65534, gid: 65534 };

t.test('every command answers --help and `tslab help COMMAND` the same way, listing each option with its description', async (t) => {
  // Two processes per command, a few at a time: a busy machine still answers well within tap's timeout.
  const results = new Map<string, { help: Awaited<ReturnType<typeof tslab>>; viaHelp: Awaited<ReturnType<typeof tslab>> }>();
  const queue = [...allCommands];
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      for (let spec = queue.shift(); spec; spec = queue.shift()) {
        const words = spec.name.split(' ');
        const [help, viaHelp] = await Promise.all([tslab(env, [...words, '--help'], asNobody), tslab(env, ['help', ...words], asNobody)]);
        results.set(spec.name, { help, viaHelp });
      }
    }),
  );
  for (const spec of allCommands) {
    const { help, viaHelp } = results.get(spec.name)!;
    t.equal(help.exitCode, 0, `${spec.name} --help exits 0 ${help.stderr}`);
    t.match(help.stdout, new RegExp(`^Usage:  tslab ${spec.name}\\b`), `${spec.name}: usage line`);
    for (const option of spec.options) {
      const flat = help.stdout.replace(/\s+/g, ' ');
      const at = flat.indexOf(`--${option.name}${option.value ? ` ${option.value}` : ''} `);
      t.ok(at >= 0 && flat.indexOf(option.description.split(' ').slice(0, 3).join(' '), at) > at, `${spec.name} --help lists --${option.name} with its description`);
      t.ok(option.example && help.stdout.includes(`e.g. ${option.example}`), `${spec.name} --${option.name} has its example`);
    }
    t.ok(help.stdout.split('\n').filter((l) => !l.includes('e.g.') && !l.startsWith('  tslab')).every((l) => l.length <= 80), `${spec.name}: prose fits 80 columns`);
    t.equal(viaHelp.stdout, help.stdout, `tslab help ${spec.name} prints the same`);
  }
});

t.test('run --help groups its options as docker does and spells the protocol choice as the README does', async (t) => {
  const { stdout } = await tslab(env, ['run', '--help'], asNobody);
  for (const group of ['Running:', 'Resources (cgroup limits):', 'Network:', 'Filesystem:']) t.ok(stdout.includes(`\n${group}\n`), group);
  t.match(stdout, /-p, --publish \[IP:\]HOSTPORT:CTRPORT\[\/tcp\|\/udp\]/);
  t.match(stdout, /-m, --memory BYTES\s+Memory limit/);
});

t.test('a group lists its subcommands; an unknown option points to --help', async (t) => {
  const group = await tslab(env, ['network', '--help'], asNobody);
  t.match(group.stdout, /^ {2}ls\s+List networks/m);
  const bad = await tslab(env, ['ps', '--bogus'], asNobody);
  t.equal(bad.exitCode, 125);
  t.match(bad.stderr, /unknown option --bogus\n {2}hint: usage: tslab ps \[OPTIONS\] \(see tslab ps --help\)/);
  const unknown = await tslab(env, ['help', 'nope'], asNobody);
  t.equal(unknown.exitCode, 125);
});
