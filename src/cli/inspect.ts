/** tslab inspect NAME... — JSON, like docker inspect: an array, one object per container; or --format per container. */
import { createEngine } from '../engine/engine.js';
import { TslabError } from '../engine/errors.js';
import { inspectContainer } from '../engine/lifecycle/inspect.js';
import { findContainer } from '../engine/lifecycle/list.js';
import { value } from './args.js';
import { inspect } from './commands/containers.js';
import { renderFormat } from './format/render.js';
import { parseCommand, usageLine } from './help.js';
import { printLines } from './output.js';

export async function inspectCommand(argv: string[]): Promise<number> {
  const args = parseCommand(inspect, argv);
  if (!args) return 0;
  if (args.positionals.length === 0) throw new TslabError('E_USAGE', 'inspect needs at least one container', { hint: `usage: ${usageLine(inspect)}` });
  const engine = createEngine();
  const results = [];
  for (const ref of args.positionals) results.push(await inspectContainer(engine, await findContainer(engine, ref)));
  const format = value(args, 'format');
  if (format === undefined) console.log(JSON.stringify(results, null, 2));
  // docker inspect has no table: each object through the template, as JSON round-trips it.
  else printLines(renderFormat(format, JSON.parse(JSON.stringify(results)) as unknown[], {}, '{{json .}}'));
  return 0;
}
