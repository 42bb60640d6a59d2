/** tslab port NAME — a container's published ports, as `docker port` prints them. */
import { TslabError } from '../engine/errors.js';
import { createEngine } from '../engine/engine.js';
import { findContainer } from '../engine/lifecycle/list.js';
import { describeMapping } from '../engine/network/ports.js';
import { port } from './commands/containers.js';
import { parseCommand, usageLine } from './help.js';

export async function portCommand(argv: string[]): Promise<number> {
  const args = parseCommand(port, argv);
  if (!args) return 0;
  const [ref] = args.positionals;
  if (ref === undefined) throw new TslabError('E_USAGE', 'port needs a container', { hint: `usage: ${usageLine(port)}` });
  const state = await findContainer(createEngine(), ref);
  for (const port of state.network?.ports ?? []) console.log(describeMapping(port));
  return 0;
}
