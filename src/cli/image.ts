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
import { flag, value } from './args.js';
import * as specs from './commands/images.js';
import type { CommandSpec } from './commands/types.js';
import { renderFormat } from './format/render.js';
import { formatGroupHelp, parseCommand, usageLine } from './help.js';
import { printError, printLines } from './output.js';
import { requireRoot } from './require-root.js';


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
      process.stdout.write(formatGroupHelp('image'));
      return sub === undefined ? 1 : 0;
    default:
      throw new TslabError('E_USAGE', `unknown image command ${JSON.stringify(sub)}`, { hint: 'see `tslab image --help`' });
  }
}

async function load(argv: string[]): Promise<number> {
  const args = parseCommand(specs.imageLoad, argv);
  if (!args) return 0;
  requireRoot('image load');
  const file = value(args, 'input');
  if (file === undefined && process.stdin.isTTY) {
    throw new TslabError('E_USAGE', 'image load reads the archive from stdin, which is a terminal', { hint: 'use tslab image load -i FILE.tar, or tslab image load < FILE.tar' });
  }
  const source = file === undefined ? process.stdin : await openFile(file);
  const records = await loadImages(createEngine(), source, unpackLimits(process.env));
  if (!flag(args, 'quiet')) for (const r of records) console.log(r.repoTags.length > 0 ? r.repoTags.map((t) => `Loaded image: ${t}`).join('\n') : `Loaded image ID: ${r.id}`);
  return 0;
}

async function importTar(argv: string[]): Promise<number> {
  const args = parseCommand(specs.imageImport, argv);
  if (!args) return 0;
  needs(specs.imageImport, args.positionals.length === 2, 'a tar file (or -) and the new image\'s name');
  requireRoot('image import');
  const [file, tag] = args.positionals as [string, string];
  const source = file === '-' ? process.stdin : await openFile(file);
  const image = await importRootfs(createEngine(), source, tag, unpackLimits(process.env));
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
  const args = parseCommand(specs.imageLs, argv);
  if (!args) return 0;
  const images = await listImages(createEngine().paths);
  if (flag(args, 'json')) console.log(JSON.stringify(images.map(summary), null, 2));
  else if (flag(args, 'quiet')) printLines([...new Set(images.map((i) => shortId(i.id)))]);
  else printLines(renderFormat(value(args, 'format') ?? 'table', images.flatMap(lsRows), lsHeaders, lsDefaultTable));
  return 0;
}

async function remove(argv: string[]): Promise<number> {
  const args = parseCommand(specs.imageRm, argv);
  if (!args) return 0;
  needs(specs.imageRm, args.positionals.length > 0, 'an image');
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
  const args = parseCommand(specs.imageInspect, argv);
  if (!args) return 0;
  needs(specs.imageInspect, args.positionals.length > 0, 'an image');
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

/** A missing operand is a usage error (exit 125) naming what is missing. */
function needs(spec: CommandSpec, ok: boolean, what: string): void {
  if (!ok) throw new TslabError('E_USAGE', `${spec.name} needs ${what}`, { hint: `usage: ${usageLine(spec)} (see tslab ${spec.name} --help)` });
}

/** One row per tag, with docker's field names for --format. */
function lsRows(image: ImageRecord) {
  return (image.repoTags.length > 0 ? image.repoTags : ['<none>:<none>']).map((ref) => {
    const colon = ref.lastIndexOf(':');
    return { ...summary(image), Repository: ref.slice(0, colon), Tag: ref.slice(colon + 1), ID: shortId(image.id), Layers: String(image.layers.length), Size: humanSize(image.size) };
  });
}
const lsHeaders = { Repository: 'REPOSITORY', Tag: 'TAG', ID: 'IMAGE ID', Layers: 'LAYERS', Size: 'SIZE' };
const lsDefaultTable = '{{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.Layers}}\t{{.Size}}';
