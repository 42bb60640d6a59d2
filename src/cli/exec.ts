/** tslab exec [-it] [-e K=V] [-w DIR] [--cap-add CAP] NAME CMD... */
import { createEngine } from '../engine/engine.js';
import { TslabError } from '../engine/errors.js';
import { execInContainer } from '../engine/lifecycle/exec.js';
import { findContainer } from '../engine/lifecycle/list.js';
import { parseEnvEntry } from '../engine/spec/env.js';
import { flag, value, values } from './args.js';
import { exec } from './commands/run.js';
import { parseCommand, usageLine } from './help.js';
import { requireRoot } from './require-root.js';

export async function execCommand(argv: string[]): Promise<number> {
  const args = parseCommand(exec, argv);
  if (!args) return 0;
  const [ref, ...command] = args.positionals;
  if (ref === undefined || command.length === 0) throw new TslabError('E_USAGE', 'exec needs a container and a command', { hint: `usage: ${usageLine(exec)}, e.g. tslab exec -it web sh` });
  // The same rule as run's -e, checked before anything is started.
  const env = values(args, 'env').map((entry) => parseEnvEntry(entry, process.env));
  requireRoot('exec');
  const engine = createEngine();
  const state = await findContainer(engine, ref);
  const interactive = flag(args, 'interactive') || flag(args, 'tty');
  process.on('SIGINT', () => undefined);
  return execInContainer(
    engine,
    state,
    { args: command, env, cwd: value(args, 'workdir'), tty: flag(args, 'tty'), capAdd: values(args, 'cap-add') },
    { stdin: interactive ? 'inherit' : 'ignore', stdout: 'inherit', stderr: 'inherit' },
  );
}
