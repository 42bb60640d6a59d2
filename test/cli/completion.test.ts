/**
 * `tslab completion bash|zsh` loaded in the real shells: bash through its
 * completion variables, zsh at a terminal in tmux with Tab. Both complete a
 * running container's name, commands and options from the command table.
 */
import { execa } from 'execa';
import t from 'tap';
import { candidates } from '../../src/cli/completion.js';
import { startTmux } from '../helpers/tmux.js';
import { assertNothingLeft, cleanUpAfter, isolatedEnv, needsRoot, tslab, tslabBin } from '../helpers/tslab.js';

t.test('candidates come from the command table', async (t) => {
  t.ok((await candidates([], '')).includes('network'));
  t.same(await candidates(['network'], ''), ['create', 'ls', 'inspect', 'rm']);
  t.ok((await candidates(['run'], '--m')).includes('--memory'));
  t.same(await candidates(['kill', '-s'], ''), ['KILL', 'TERM', 'HUP', 'INT', 'QUIT', 'USR1', 'USR2']);
  t.same(await candidates(['completion'], ''), ['bash', 'zsh']);
  t.same(await candidates(['run', '-d', 'busybox'], ''), [], "past the sandbox comes the container's own command");
  t.ok((await candidates(['lesson', 'run'], '')).includes('01-netns'));
  t.ok((await candidates(['run', '--net'], '')).includes('none'));
});

if (needsRoot(t)) {
  const env = isolatedEnv('completion');
  cleanUpAfter(t, env);

  await t.test('bash: the script loads and completes a container name, a command and an option', async (t) => {
    const run = await tslab(env, ['run', '-d', '--net', 'none', '--name', 'webcompl', 'busybox', 'sleep', '300']);
    t.equal(run.exitCode, 0, run.stderr);
    const complete = async (line: string) => {
      const words = line.split(' ');
      // Loaded as a learner loads it: source <(tslab completion bash).
      const program = `source <('${process.execPath}' '${tslabBin}' completion bash); COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _tslab; printf '%s\\n' "\${COMPREPLY[@]}"; complete -p tslab`;
      const r = await execa('bash', ['--norc', '-c', program], { env, reject: false });
      t.equal(r.exitCode, 0, r.stderr);
      return String(r.stdout).split('\n');
    };
    const stop = await complete('tslab stop webc');
    t.equal(stop[0], 'webcompl');
    t.match(stop.at(-1), /^complete -o default -F _tslab tslab$/);
    t.same((await complete('tslab netw')).slice(0, -1), ['network']);
    t.same((await complete('tslab ps --for')).slice(0, -1), ['--format']);
  });

  await t.test('zsh: Tab at a real terminal completes the container name', async (t) => {
    const zsh = startTmux('tslab-zsh', ['zsh', '-f'], { ...env, PS1: '$ ' });
    t.teardown(() => zsh.kill());
    zsh.keys(`autoload -Uz compinit && compinit -u && source <(${process.execPath} ${tslabBin} completion zsh) && echo LOADED`, 'Enter');
    await zsh.waitFor((s) => /^LOADED$/m.test(s), 'the script to load');
    zsh.keys('tslab inspect webc', 'Tab');
    const screen = await zsh.waitFor((s) => s.includes('tslab inspect webcompl'), 'the name to complete');
    t.match(screen, /tslab inspect webcompl/);
    zsh.keys('C-u', 'tslab network l', 'Tab');
    await zsh.waitFor((s) => s.includes('tslab network ls'), 'a subcommand to complete');
  });

  await t.test('cleanup', async (t) => {
    t.equal((await tslab(env, ['rm', '-f', 'webcompl'])).exitCode, 0);
  });
  await assertNothingLeft(t, env);
}
