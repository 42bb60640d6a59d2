/** tslab port NAME — a container's published ports, as `docker port` prints them. */
import { TslabError } from '../engine/errors.js';
import { createEngine } from '../engine/engine.js';
import { findContainer } from '../engine/lifecycle/list.js';
import { describeMapping } from '../engine/network/ports.js';
import { flag, parseArgs } from './args.js';

export async function portCommand(argv: string[]): Promise<number> {
  const usage = 'tslab port NAME';
  const args = parseArgs(argv, [{ name: 'help' }], usage);
  if (flag(args, 'help')) {
    console.log(`usage: ${usage}`);
    return 0;
  }
  const [ref] = args.positionals;
  if (ref === undefined) throw new TslabError('E_USAGE', 'port needs a container', { hint: `usage: ${usage}` });
  const state = await findContainer(createEngine(), ref);
  for (const port of state.network?.ports ?? []) console.log(describeMapping(port));
  return 0;
}
