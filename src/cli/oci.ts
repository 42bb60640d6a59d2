/**
 * `tslab oci ...` and `tslab spec`: the OCI runtime's command line (src/oci/main.ts,
 * also the tslab-runtime executable), with tslab's own --help from the command table.
 */
import { oci, spec } from './commands/images.js';
import { formatCommandHelp, parseCommand } from './help.js';

export async function ociCommand(argv: string[]): Promise<number> {
  const [first] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    process.stdout.write(formatCommandHelp(oci));
    return first === undefined ? 1 : 0;
  }
  return (await import('../oci/main.js')).ociMain(argv);
}

export async function specCommand(argv: string[]): Promise<number> {
  if (!parseCommand(spec, argv)) return 0;
  return (await import('../oci/main.js')).ociMain(['spec', ...argv]);
}
