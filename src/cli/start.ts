/** tslab start [--lang en|zh-CN] [--join URL/CODE]: the TUI. Ink and React load only here. */
import { value } from './args.js';
import { start } from './commands/lessons.js';
import { parseCommand } from './help.js';

export async function startCommand(argv: string[]): Promise<number> {
  const args = parseCommand(start, argv);
  if (!args) return 0;
  // --join: join the class first (a clear error if the code is wrong), then the lab as usual; it reports to the class from then on.
  const join = value(args, 'join');
  if (join !== undefined) {
    const { joinCommand } = await import('./workshop.js');
    if ((await joinCommand([join])) !== 0) return 125;
  }
  // Ink draws only a final frame when CI or CONTINUOUS_INTEGRATION is set (it
  // reads them once, at import). A learner at a terminal wants the live screen,
  // whatever their environment says, so a terminal wins over those variables.
  if (process.stdout.isTTY) {
    for (const name of ['CI', 'CONTINUOUS_INTEGRATION']) if (name in process.env) process.env[name] = 'false';
  }
  const { runStart } = await import('../tui/run.js');
  return runStart({ lang: value(args, 'lang') });
}
