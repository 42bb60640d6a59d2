/** tslab gc [--all], and the internal _reap the shim runs when a detached container ends. */
import { createEngine } from '../engine/engine.js';
import { collectGarbage } from '../engine/gc.js';
import { reapContainer } from '../engine/lifecycle/reap.js';
import { flag } from './args.js';
import { gc } from './commands/containers.js';
import { parseCommand } from './help.js';
import { requireRoot } from './require-root.js';

export async function gcCommand(argv: string[]): Promise<number> {
  const args = parseCommand(gc, argv);
  if (!args) return 0;
  requireRoot('gc');
  const report = await collectGarbage(createEngine(), { all: flag(args, 'all') });
  console.log(report.removed.length === 0 ? 'nothing to remove' : report.removed.map((r) => `removed ${r}`).join('\n'));
  return 0;
}

export async function reapCommand(argv: string[]): Promise<number> {
  const [id] = argv;
  if (id === undefined) return 2;
  await reapContainer(createEngine(), id);
  return 0;
}
