/** tslab export [-o FILE] NAME, tslab commit NAME IMAGE */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createEngine } from '../engine/engine.js';
import { TslabError } from '../engine/errors.js';
import { commitContainer } from '../engine/image/commit.js';
import { exportContainer } from '../engine/image/export.js';
import { streamSink } from '../engine/image/tar/writer.js';
import { unpackLimits } from '../engine/image/unpack.js';
import { flag, parseArgs, value } from './args.js';
import { requireRoot } from './require-root.js';

export async function exportCommand(argv: string[]): Promise<number> {
  const usage = 'tslab export [-o FILE] NAME   (the container\'s root filesystem as a tar; stdout without -o)';
  const args = parseArgs(argv, [{ name: 'output', short: 'o', value: true }, { name: 'help' }], usage);
  if (flag(args, 'help') || args.positionals.length !== 1) {
    console.log(`usage: ${usage}`);
    return flag(args, 'help') ? 0 : 1;
  }
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
  const usage = 'tslab commit NAME IMAGE[:TAG]   (a new image: the container\'s changes as a layer on its image)';
  const args = parseArgs(argv, [{ name: 'help' }], usage);
  if (flag(args, 'help') || args.positionals.length !== 2) {
    console.log(`usage: ${usage}`);
    return flag(args, 'help') ? 0 : 1;
  }
  requireRoot('commit');
  const [name, tag] = args.positionals as [string, string];
  const image = await commitContainer(createEngine(), name, tag, unpackLimits(process.env));
  console.log(image.id);
  return 0;
}
