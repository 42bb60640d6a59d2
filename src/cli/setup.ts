/**
 * `tslab setup [--dry-run]`: install the host tools tslab needs (Debian/Ubuntu,
 * as root). Errors are TslabErrors with a hint; the CLI's main prints them.
 */
import { ensureHostTools } from '../engine/setup.js';

const usage = 'usage: tslab setup [--dry-run] [--for-build]\n';

export async function setupCommand(args: string[], write: (text: string) => void = (text) => process.stdout.write(text)): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    write(`${usage}Installs ip (iproute2), iptables, a static busybox, gcc + libc6-dev + libseccomp-dev and make when missing.\n`);
    return 0;
  }
  const unknown = args.filter((arg) => arg !== '--dry-run' && arg !== '-n' && arg !== '--for-build');
  if (unknown.length > 0) {
    process.stderr.write(`tslab setup: unknown argument ${unknown[0]}\n${usage}`);
    return 2;
  }
  // `npm install` runs this before compiling the shim: as root it installs what is
  // missing; a non-root developer only gets told, so unit tests still build and run.
  if (args.includes('--for-build') && process.geteuid?.() !== 0) {
    const result = await ensureHostTools({ dryRun: true });
    if (result.packages.length > 0) write(`tslab: not root, so not installing: ${result.packages.join(' ')} (run \`sudo tslab setup\`)\n`);
    return 0;
  }
  const dryRun = args.includes('--dry-run') || args.includes('-n');
  const result = await ensureHostTools({ dryRun, log: (line) => write(`${line}\n`) });
  if (result.packages.length === 0) write('All host tools tslab needs are installed; nothing to do.\n');
  else if (!dryRun) write(`Installed: ${result.packages.join(' ')}. Run \`tslab doctor\` to check the kernel side.\n`);
  return 0;
}
