/**
 * `tslab setup [--dry-run]`: install the host tools tslab needs (Debian/Ubuntu,
 * as root) and put `tslab` on PATH (link-bin.ts). Errors are TslabErrors with a
 * hint; the CLI's main prints them.
 */
import { TslabError } from '../engine/errors.js';
import { ensureHostTools } from '../engine/setup.js';
import { flag } from './args.js';
import { setup } from './commands/machine.js';
import { parseCommand, usageLine } from './help.js';
import { linkOnPath } from './link-bin.js';

export async function setupCommand(argv: string[], write: (text: string) => void = (text) => process.stdout.write(text)): Promise<number> {
  const args = parseCommand(setup, argv, write);
  if (!args) return 0;
  if (args.positionals.length > 0) throw new TslabError('E_USAGE', `setup takes no arguments, got ${args.positionals[0]}`, { hint: `usage: ${usageLine(setup)}` });
  // `npm install` runs this before compiling the shim: as root it installs what is
  // missing; a non-root developer only gets told, so unit tests still build and run.
  if (flag(args, 'for-build') && process.geteuid?.() !== 0) {
    const result = await ensureHostTools({ dryRun: true });
    if (result.packages.length > 0) write(`tslab: not root, so not installing: ${result.packages.join(' ')} (run \`sudo tslab setup\`)\n`);
    write(`tslab: not root, so not linking ${linkOnPath({ dryRun: true }).link}: run \`sudo node bin/tslab.js setup\` (or \`npm link\`) to make \`tslab\` a command\n`);
    return 0;
  }
  const dryRun = flag(args, 'dry-run');
  write(`${linkOnPath({ dryRun, keep: flag(args, 'for-build') }).said}\n`);
  const result = await ensureHostTools({ dryRun, log: (line) => write(`${line}\n`) });
  if (result.packages.length === 0) write('All host tools tslab needs are installed; nothing to do.\n');
  else if (!dryRun) write(`Installed: ${result.packages.join(' ')}. Run \`tslab doctor\` to check the kernel side.\n`);
  return 0;
}
