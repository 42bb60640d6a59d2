/**
 * Sandboxes are recipes (sandboxes/NAME/recipe.json) for read-only root
 * filesystems, built once into the data dir and shared as every container's
 * lower overlay layer.
 */
import { constants, existsSync, readdirSync } from 'node:fs';
import { chmod, copyFile, cp, mkdir, readFile, rename, rm, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { TslabError, errnoCode } from '../errors.js';
import type { Host } from '../host.js';
import { packageRoot } from '../package-root.js';
import { sandboxesDir } from '../paths.js';
import type { Engine } from '../engine.js';

interface Recipe {
  version: number;
  binary: { host: string; inside: string; package: string };
  applets: 'links';
  directories: string[];
  stickyDirectories: string[];
  files: string;
}

export function recipesDir(): string {
  return path.join(packageRoot(), 'sandboxes');
}

export function listSandboxes(): string[] {
  return readdirSync(recipesDir(), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(recipesDir(), entry.name, 'recipe.json')))
    .map((entry) => entry.name);
}

/** Build the sandbox when it is missing or its recipe or binary changed; return its rootfs. */
export async function ensureSandbox(engine: Engine, name: string): Promise<string> {
  const { paths, host } = engine;
  const recipeDir = path.join(recipesDir(), name);
  const recipe = JSON.parse(await readFile(path.join(recipeDir, 'recipe.json'), 'utf8')) as Recipe;
  const stamp = await buildStamp(recipe);
  const target = path.join(sandboxesDir(paths), name);
  const stampFile = path.join(target, 'stamp');
  if ((await readFile(stampFile, 'utf8').catch(() => '')) === stamp) return path.join(target, 'rootfs');

  host.record('note', `building sandbox ${name} from ${path.join(recipeDir, 'recipe.json')}`);
  // Build beside the target and rename into place: a crash or a second tslab
  // building at the same time never leaves a half-made root filesystem in use.
  const building = `${target}.building-${process.pid}`;
  await rm(building, { recursive: true, force: true });
  try {
    await buildRootfs(host, recipe, recipeDir, path.join(building, 'rootfs'));
    await writeFile(path.join(building, 'stamp'), stamp);
    await rm(target, { recursive: true, force: true });
    await rename(building, target);
  } catch (error) {
    await rm(building, { recursive: true, force: true });
    if (['ENOTEMPTY', 'EEXIST'].includes(errnoCode(error) ?? '')) return path.join(target, 'rootfs');
    throw error;
  }
  return path.join(target, 'rootfs');
}

async function buildStamp(recipe: Recipe): Promise<string> {
  try {
    const binary = await stat(recipe.binary.host);
    return `recipe=${recipe.version} size=${binary.size} mtime=${binary.mtimeMs}\n`;
  } catch {
    throw new TslabError('E_SANDBOX_BINARY_MISSING', `${recipe.binary.host} is missing, so the sandbox cannot be built`, {
      hint: `install it with \`tslab setup\` (Debian package ${recipe.binary.package})`,
    });
  }
}

async function buildRootfs(host: Host, recipe: Recipe, recipeDir: string, rootfs: string): Promise<void> {
  for (const dir of recipe.directories) await mkdir(path.join(rootfs, dir), { recursive: true, mode: 0o755 });
  for (const dir of recipe.stickyDirectories) {
    await mkdir(path.join(rootfs, dir), { recursive: true });
    await chmod(path.join(rootfs, dir), 0o1777);
  }
  const binary = path.join(rootfs, recipe.binary.inside);
  await copyFile(recipe.binary.host, binary, constants.COPYFILE_FICLONE);
  await chmod(binary, 0o755);
  const { stdout } = await host.run(recipe.binary.host, ['--list-full'], { quiet: true });
  for (const applet of stdout.split('\n').filter(Boolean)) {
    const link = path.join(rootfs, applet);
    if (link === binary) continue;
    await mkdir(path.dirname(link), { recursive: true });
    await symlink(recipe.binary.inside, link).catch((error: unknown) => {
      if (errnoCode(error) !== 'EEXIST') throw error;
    });
  }
  await cp(path.join(recipeDir, recipe.files), rootfs, { recursive: true });
}
