/** tslab image load | ls | rm | inspect */
import { createReadStream } from 'node:fs';
import { createEngine } from '../engine/engine.js';
import { TslabError, errnoCode } from '../engine/errors.js';
import { exposedPorts } from '../engine/image/config.js';
import { importRootfs } from '../engine/image/import.js';
import { loadImages } from '../engine/image/load.js';
import { removeImage } from '../engine/image/remove.js';
import { findImage, imageLowerDirs, listImages, type ImageRecord } from '../engine/image/store.js';
import { unpackLimits } from '../engine/image/unpack.js';
import { flag, parseArgs, value, type OptionSpec } from './args.js';
import { printError, table } from './output.js';
import { requireRoot } from './require-root.js';

const usage = `tslab image COMMAND
  load [-i FILE.tar]     load images from a docker-save or OCI-layout tar (stdin without -i)
  ls [--json]            list images
  rm [-f] IMAGE...       remove images (by name:tag or id)
  inspect IMAGE...       an image's config, layers and their overlay directories
  import FILE|- IMAGE    a flat root filesystem tar (tslab export's) as a one-layer image`;

const help: OptionSpec = { name: 'help' };

export async function imageCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  switch (sub) {
    case 'load':
      return load(rest);
    case 'ls':
    case 'list':
      return list(rest);
    case 'rm':
    case 'remove':
      return remove(rest);
    case 'inspect':
      return inspect(rest);
    case 'import':
      return importTar(rest);
    case undefined:
    case '--help':
    case 'help':
      console.log(`usage: ${usage}`);
      return sub === undefined ? 1 : 0;
    default:
      throw new TslabError('E_USAGE', `unknown image command ${JSON.stringify(sub)}`, { hint: `usage: ${usage}` });
  }
}

async function load(argv: string[]): Promise<number> {
  const args = parseArgs(argv, [{ name: 'input', short: 'i', value: true }, { name: 'quiet', short: 'q' }, help], 'tslab image load [-i FILE.tar]');
  if (flag(args, 'help')) return printUsage('tslab image load [-i FILE.tar]   (reads stdin without -i)');
  requireRoot('image load');
  const file = value(args, 'input');
  if (file === undefined && process.stdin.isTTY) {
    throw new TslabError('E_USAGE', 'image load reads the archive from stdin, which is a terminal', { hint: 'use tslab image load -i FILE.tar, or tslab image load < FILE.tar' });
  }
  const source = file === undefined ? process.stdin : await openFile(file);
  const records = await loadImages(createEngine().paths, source, unpackLimits(process.env));
  if (!flag(args, 'quiet')) for (const r of records) console.log(r.repoTags.length > 0 ? r.repoTags.map((t) => `Loaded image: ${t}`).join('\n') : `Loaded image ID: ${r.id}`);
  return 0;
}

async function importTar(argv: string[]): Promise<number> {
  const text = 'tslab image import FILE|- IMAGE[:TAG]';
  const args = parseArgs(argv, [help], text);
  if (flag(args, 'help') || args.positionals.length !== 2) return printUsage(text, !flag(args, 'help'));
  requireRoot('image import');
  const [file, tag] = args.positionals as [string, string];
  const source = file === '-' ? process.stdin : await openFile(file);
  const image = await importRootfs(createEngine().paths, source, tag, unpackLimits(process.env));
  console.log(image.id);
  return 0;
}

async function openFile(file: string) {
  const stream = createReadStream(file);
  await new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', (error: Error) => reject(new TslabError('E_NO_FILE', `cannot read ${file}: ${errnoCode(error) ?? error.message}`, { hint: 'give the path of a tar file' })));
  });
  return stream;
}

async function list(argv: string[]): Promise<number> {
  const args = parseArgs(argv, [{ name: 'json' }, { name: 'quiet', short: 'q' }, help], 'tslab image ls [--json] [-q]');
  if (flag(args, 'help')) return printUsage('tslab image ls [--json] [-q]');
  const images = await listImages(createEngine().paths);
  if (flag(args, 'json')) console.log(JSON.stringify(images.map(summary), null, 2));
  else if (flag(args, 'quiet')) for (const i of images) console.log(shortId(i.id));
  else {
    const rows = images.flatMap((i) => (i.repoTags.length > 0 ? i.repoTags : ['<none>:<none>']).map((ref) => {
      const colon = ref.lastIndexOf(':');
      return [ref.slice(0, colon), ref.slice(colon + 1), shortId(i.id), String(i.layers.length), humanSize(i.size)];
    }));
    console.log(table([['REPOSITORY', 'TAG', 'IMAGE ID', 'LAYERS', 'SIZE'], ...rows]));
  }
  return 0;
}

async function remove(argv: string[]): Promise<number> {
  const args = parseArgs(argv, [{ name: 'force', short: 'f' }, help], 'tslab image rm [-f] IMAGE...');
  if (flag(args, 'help') || args.positionals.length === 0) return printUsage('tslab image rm [-f] IMAGE...', args.positionals.length === 0 && !flag(args, 'help'));
  requireRoot('image rm');
  const engine = createEngine();
  let status = 0;
  for (const ref of args.positionals) {
    try {
      const result = await removeImage(engine.paths, engine.store, ref, { force: flag(args, 'force') });
      for (const t of result.untagged) console.log(`Untagged: ${t}`);
      for (const d of result.deleted) console.log(`Deleted: ${d}`);
    } catch (error) {
      printError(error);
      status = error instanceof TslabError ? error.exitCode : 125;
    }
  }
  return status;
}

async function inspect(argv: string[]): Promise<number> {
  const args = parseArgs(argv, [help], 'tslab image inspect IMAGE...');
  if (flag(args, 'help') || args.positionals.length === 0) return printUsage('tslab image inspect IMAGE...', args.positionals.length === 0 && !flag(args, 'help'));
  const { paths } = createEngine();
  const images = [];
  for (const ref of args.positionals) {
    const image = await findImage(paths, ref);
    images.push({ ...summary(image), Config: image.config.config ?? {}, History: image.config.history ?? [], LowerDirs: imageLowerDirs(paths, image) });
  }
  console.log(JSON.stringify(images, null, 2));
  return 0;
}

function summary(image: ImageRecord) {
  return {
    Id: image.id,
    RepoTags: image.repoTags,
    Architecture: image.config.architecture ?? '',
    Os: image.config.os ?? 'linux',
    Created: image.config.created ?? '',
    Size: image.size,
    Layers: image.layers,
    ExposedPorts: exposedPorts(image.config.config),
  };
}

export const shortId = (id: string): string => id.slice(7, 19);

function humanSize(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value < 10 && unit > 0 ? value.toFixed(1) : Math.round(value)}${units[unit]}`;
}

function printUsage(text: string, failed = false): number {
  console.log(`usage: ${text}`);
  return failed ? 1 : 0;
}
