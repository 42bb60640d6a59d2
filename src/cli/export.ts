/** tslab export [-o FILE] NAME, tslab commit NAME IMAGE */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createEngine } from '../engine/engine.js';
import { TslabError } from '../engine/errors.js';
import { commitContainer } from '../engine/image/commit.js';
import { exportContainer } from '../engine/image/export.js';
import { streamSink } from '../engine/image/tar/writer.js';
import { unpackLimits } from '../engine/image/unpack.js';
import { value } from './args.js';
import { commit, exportCmd } from './commands/images.js';
import { parseCommand, usageLine } from './help.js';
import { requireRoot } from './require-root.js';

export async function exportCommand(argv: string[]): Promise<number> {
  const args = parseCommand(exportCmd, argv);
  if (!args) return 0;
  if (args.positionals.length !== 1) throw new TslabError('E_USAGE', 'export needs one container', { hint: `usage: ${usageLine(exportCmd)}, e.g. tslab export web > rootfs.tar` });
  requireRoot('export');
  const file = value(args, 'output');
  if (file === undefined && process.stdout.isTTY) {
    throw new TslabError('E_USAGE', 'refusing to write a tar to the terminal', { hint: 'redirect it (tslab export NAME > rootfs.tar) or use -o rootfs.tar' });
  }
  const out = file === undefined ? process.stdout : createWriteStream(file);
  await exportContainer(createEngine(), args.positionals[0]!, streamSink(out));
  if (file !== undefined) {
    out.end();
    await once(out, 'finish');
  }
  return 0;
}

export async function commitCommand(argv: string[]): Promise<number> {
  const args = parseCommand(commit, argv);
  if (!args) return 0;
  if (args.positionals.length !== 2) throw new TslabError('E_USAGE', 'commit needs a container and the new image\'s name', { hint: `usage: ${usageLine(commit)}, e.g. tslab commit web web:2` });
  requireRoot('commit');
  const [name, tag] = args.positionals as [string, string];
  const image = await commitContainer(createEngine(), name, tag, unpackLimits(process.env));
  console.log(image.id);
  return 0;
}
