/** tslab exec [-it] [-e K=V] [-w DIR] [--cap-add CAP] NAME CMD... */
import { createEngine } from '../engine/engine.js';
import { TslabError } from '../engine/errors.js';
import { execInContainer } from '../engine/lifecycle/exec.js';
import { findContainer } from '../engine/lifecycle/list.js';
import { flag, parseArgs, value, values } from './args.js';
import { requireRoot } from './require-root.js';

const usage = 'tslab exec [-it] [-e K=V] [-w DIR] [--cap-add CAP] NAME CMD...';

export async function execCommand(argv: string[]): Promise<number> {
  const args = parseArgs(
    argv,
    [{ name: 'interactive', short: 'i' }, { name: 'tty', short: 't' }, { name: 'env', short: 'e', value: true, repeatable: true }, { name: 'workdir', short: 'w', value: true }, { name: 'cap-add', value: true, repeatable: true }, { name: 'help' }],
    usage,
    { stopAtPositional: true },
  );
  if (flag(args, 'help')) {
    console.log(`usage: ${usage}`);
    return 0;
  }
  const [ref, ...command] = args.positionals;
  if (ref === undefined || command.length === 0) throw new TslabError('E_USAGE', 'exec needs a container and a command', { hint: `usage: ${usage}, e.g. tslab exec -it web sh` });
  requireRoot('exec');
  const engine = createEngine();
  const state = await findContainer(engine, ref);
  const interactive = flag(args, 'interactive') || flag(args, 'tty');
  process.on('SIGINT', () => undefined);
  return execInContainer(
    engine,
    state,
    { args: command, env: values(args, 'env'), cwd: value(args, 'workdir'), tty: flag(args, 'tty'), capAdd: values(args, 'cap-add') },
    { stdin: interactive ? 'inherit' : 'ignore', stdout: 'inherit', stderr: 'inherit' },
  );
}
