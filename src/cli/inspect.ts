/** tslab inspect NAME... — JSON, like docker inspect: an array, one object per container. */
import { createEngine } from '../engine/engine.js';
import { TslabError } from '../engine/errors.js';
import { inspectContainer } from '../engine/lifecycle/inspect.js';
import { findContainer } from '../engine/lifecycle/list.js';
import { flag, parseArgs } from './args.js';

export async function inspectCommand(argv: string[]): Promise<number> {
  const usage = 'tslab inspect NAME...';
  const args = parseArgs(argv, [{ name: 'help' }], usage);
  if (flag(args, 'help')) {
    console.log(`usage: ${usage}`);
    return 0;
  }
  if (args.positionals.length === 0) throw new TslabError('E_USAGE', 'inspect needs at least one container', { hint: `usage: ${usage}` });
  const engine = createEngine();
  const results = [];
  for (const ref of args.positionals) results.push(await inspectContainer(engine, await findContainer(engine, ref)));
  console.log(JSON.stringify(results, null, 2));
  return 0;
}
