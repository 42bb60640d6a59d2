/** The CLI as a process: help, version, doctor — what a learner types first. */
import t from 'tap';
import { isolatedEnv, needsRoot, tslab } from '../helpers/tslab.js';

const env = isolatedEnv('cli');

t.test('--help lists the commands; no command prints it and fails', async (t) => {
  const help = await tslab(env, ['--help']);
  t.equal(help.exitCode, 0);
  for (const command of ['run', 'ps', 'exec', 'stop', 'rm', 'logs', 'inspect', 'gc', 'doctor']) t.match(help.stdout, new RegExp(`\\n  ${command}\\b`));
  const none = await tslab(env, []);
  t.equal(none.exitCode, 1);
  t.match(none.stdout, /Usage: tslab COMMAND/);
});

t.test('--version', async (t) => {
  const r = await tslab(env, ['--version']);
  t.match(r.stdout, /^tslab \d+\.\d+\.\d+$/);
});

t.test('run --help shows its options without needing root', async (t) => {
  const r = await tslab(env, ['run', '--help'], { uid: 65534, gid: 65534 });
  t.equal(r.exitCode, 0);
  t.match(r.stdout, /--memory 64m/);
});

t.test('doctor prints its table and --json the same facts', async (t) => {
  if (!needsRoot(t)) return;
  const table = await tslab(env, ['doctor']);
  t.equal(table.exitCode, 0, table.stderr);
  t.match(table.stdout, /^ok\s+Namespaces\s+pid uts ipc mnt net user cgroup/m);
  t.match(table.stdout, /^ok\s+cgroups\s+(hybrid|v1|v2)/m);
  t.ok(table.stdout.split('\n').every((line) => line.length <= 80), 'fits 80 columns');
  const json = JSON.parse((await tslab(env, ['doctor', '--json'])).stdout) as { ok: boolean; checks: unknown[] };
  t.equal(json.ok, true);
  t.ok(json.checks.length > 10);
});
