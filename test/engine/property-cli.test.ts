/**
 * The CLI as a user meets it, with generated options (fast-check): `tslab run`
 * either runs the container (exit 0) or refuses with one line, a hint and exit
 * 125 — never a crash, and never a half-made container left behind.
 */
import fc from 'fast-check';
import t from 'tap';
import { assertNothingLeft, cleanUpAfter, isolatedEnv, leftovers, needsRoot, tslab } from '../helpers/tslab.js';

if (needsRoot(t)) {
  const env = isolatedEnv('propcli');
  cleanUpAfter(t, env);
  const value = fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('64m', '0.5', '0x1', '1e3', '/tmp:/data', '/tmp:/', '127.0.0.1:18777:80', '80', 'none', 'bridge', 'NET_ADMIN', 'A=1', '=x', '/w', '..', 'web'));
  const option = fc.tuple(fc.constantFrom('--memory', '--cpus', '--pids-limit', '-v', '-p', '--name', '--hostname', '-e', '--net', '--cap-add', '--cap-drop', '-w', '--security-opt'), value);

  await t.test('generated run options: exit 0, or 125 with one line and a hint; nothing left either way', async (t) => {
    await fc.assert(
      fc.asyncProperty(fc.array(option, { maxLength: 3 }), async (options) => {
        const args = ['run', '--rm', ...options.flat(), 'busybox', 'true'];
        const r = await tslab(env, args);
        const lines = r.stderr.trimEnd().split('\n');
        const clear = r.exitCode === 125 && lines.length === 2 && /^tslab: /.test(lines[0]!) && /^ {2}hint: \S/.test(lines[1]!) && !/bug in tslab/.test(r.stderr);
        if (r.exitCode !== 0 && !clear) throw new Error(`${JSON.stringify(args)}: exit ${r.exitCode}\n${r.stderr}`);
        const left = leftovers(env);
        if (left.length > 0) throw new Error(`${JSON.stringify(args)} left ${left.join(', ')}`);
      }),
      { numRuns: 25 },
    );
    t.pass('25 generated command lines');
  });

  await assertNothingLeft(t, env);
}
