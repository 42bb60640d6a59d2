/**
 * `tslab setup`: install the host tools tslab needs and does not find, on Debian
 * and its derivatives, with apt-get. Idempotent: when everything is there it
 * runs nothing. What it runs goes into the transcript like any host command.
 */
import { TslabError } from './errors.js';
import { findOnPath, probeHostTools, type ToolState } from './doctor/tools.js';
import { hostContext, type ProbeContext } from './doctor/types.js';

export interface EnsureHostToolsOptions {
  /** Progress lines ("installing ..."); silent by default. */
  log?: (line: string) => void;
  /** Report what would be installed without installing it. */
  dryRun?: boolean;
  context?: ProbeContext;
}

export interface EnsureHostToolsResult {
  /** Tools that were missing before (empty when nothing had to be done). */
  missing: ToolState[];
  /** Debian packages installed (or, with dryRun, that would be). */
  packages: string[];
}

/** The Debian packages that provide the missing tools, each once, in a stable order. */
export function packagesFor(tools: readonly ToolState[]): string[] {
  return [...new Set(tools.filter((tool) => !tool.ok).flatMap((tool) => tool.packages))];
}

function byHandList(missing: readonly ToolState[]): string {
  return missing.map((tool) => `${tool.title} (Debian: ${tool.packages.join(' + ')})`).join(', ');
}

export async function ensureHostTools(options: EnsureHostToolsOptions = {}): Promise<EnsureHostToolsResult> {
  const ctx = options.context ?? hostContext();
  const log = options.log ?? (() => {});
  const missing = (await probeHostTools(ctx)).filter((tool) => !tool.ok);
  if (missing.length === 0) return { missing, packages: [] };

  const packages = packagesFor(missing);
  for (const tool of missing) log(`missing: ${tool.title}: ${tool.detail}`);
  const offPath = missing.filter((tool) => tool.packages.length === 0);
  if (offPath.length > 0) {
    throw new TslabError('E_SETUP_PATH', `installed but not on PATH: ${offPath.map((tool) => tool.title).join(', ')}`, {
      hint: 'Run `sudo tslab setup` (root\'s PATH has /usr/sbin), or add /usr/sbin to PATH.',
    });
  }
  if (ctx.platform !== 'linux') {
    throw new TslabError('E_SETUP_PLATFORM', 'tslab setup installs Linux packages and this is not Linux', {
      hint: 'Run tslab inside a Linux VM (or WSL2); `tslab doctor` explains.',
    });
  }
  const aptGet = await findOnPath('apt-get', ctx.env.PATH);
  if (aptGet === undefined) {
    throw new TslabError('E_SETUP_NO_APT', 'apt-get not found: tslab setup installs packages on Debian and Ubuntu only', {
      hint: `Install these with your distribution's package manager: ${byHandList(missing)}.`,
      context: { packages },
    });
  }
  if (options.dryRun) {
    log(`would run: apt-get install -y --no-install-recommends ${packages.join(' ')}`);
    return { missing, packages };
  }
  if (ctx.euid !== 0) {
    throw new TslabError('E_SETUP_NOT_ROOT', 'installing packages needs root', {
      hint: `Run \`sudo tslab setup\`, or install by hand: sudo apt-get install ${packages.join(' ')}`,
      context: { packages },
    });
  }

  // `env VAR=value tool` keeps the transcript a command a learner could type as is; the
  // apt-get found on the context's PATH is the one run (never another one on process.env.PATH).
  const apt = (args: string[]) => ctx.host.run('env', ['DEBIAN_FRONTEND=noninteractive', aptGet, ...args]);
  log('running: apt-get update');
  await apt(['update']);
  log(`running: apt-get install -y --no-install-recommends ${packages.join(' ')}`);
  await apt(['install', '-y', '--no-install-recommends', ...packages]);

  const still = (await probeHostTools(ctx)).filter((tool) => !tool.ok);
  if (still.length > 0) {
    throw new TslabError('E_SETUP_INCOMPLETE', `still missing after apt-get install: ${still.map((tool) => tool.title).join(', ')}`, {
      hint: still.map((tool) => `${tool.title}: ${tool.detail}`).join('; '),
      context: { packages },
    });
  }
  return { missing, packages };
}
