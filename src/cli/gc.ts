/** tslab gc [--all], and the internal _reap the shim runs when a detached container ends. */
import { createEngine } from '../engine/engine.js';
import { TslabError } from '../engine/errors.js';
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
  const engine = createEngine();
  // The OCI runtime's records first: with --all, deleting them removes their engine containers too.
  const { collectOciGarbage } = await import('../oci/gc.js');
  const removed = [...(await collectOciGarbage(engine, { all: flag(args, 'all') })), ...(await collectGarbage(engine, { all: flag(args, 'all') })).removed];
  console.log(removed.length === 0 ? 'nothing to remove' : removed.map((r) => `removed ${r}`).join('\n'));
  return 0;
}

export async function reapCommand(argv: string[]): Promise<number> {
  const [id] = argv;
  if (id === undefined) return 2;
  // Already removed (tslab-runtime run deletes as soon as it sees the exit): nothing left to reap.
  const state = await reapContainer(createEngine(), id).catch((error: unknown) => {
    if (!(error instanceof TslabError && error.code === 'E_NO_SUCH_CONTAINER')) throw error;
    return undefined;
  });
  // The shim exec'd this hook: exiting with the container's status hands it to whoever waits for
  // the shim (an OCI supervisor such as conmon, given the shim's pid by tslab-runtime's --pid-file).
  return state?.exitCode ?? 0;
}
