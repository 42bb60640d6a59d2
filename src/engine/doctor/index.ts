/**
 * `tslab doctor`: read-only probes of what tslab needs from the host. Nothing
 * here changes the host; `tslab setup` (../setup.ts) installs missing tools.
 */
import path from 'node:path';
import { parseMountinfo, type PropagationKind } from '../observe/mountinfo.js';
import { cgroupChecks, locateController, probeCgroups, cgroupControllers, type CgroupVersion } from './cgroups.js';
import { iptablesChecks, probeIptables, type IptablesBackend } from './iptables.js';
import { kernelChecks } from './kernel.js';
import { ipForwardChecks, probeIpForward } from './ipforward.js';
import { namespaceChecks, probeNamespaces } from './namespaces.js';
import { probeUnionFs, unionFsChecks, type FsAvailability } from './overlayfs.js';
import { platformChecks, probePlatform, type PlatformKind } from './platform.js';
import { propagationChecks, rootPropagation } from './propagation.js';
import { readText } from './read.js';
import { rootChecks } from './root.js';
import { probeRoutes, subnetChecks } from './subnet.js';
import { probeHostTools, toolChecks } from './tools.js';
import { hostContext, type DoctorCheck, type ProbeContext } from './types.js';

export type { DoctorCheck, CheckStatus, ProbeContext } from './types.js';

/** The facts behind the checks, for scripts (`--json`) and tests. */
export interface DoctorFacts {
  platform: PlatformKind;
  kernel?: string;
  root: boolean;
  namespaces?: string[];
  cgroupVersion?: CgroupVersion;
  /** controller -> 'v1' | 'v2' | 'none' */
  cgroupControllers?: Record<string, 'v1' | 'v2' | 'none'>;
  swapAccounting?: boolean;
  overlay?: FsAvailability;
  aufs?: FsAvailability;
  iptablesBackend?: IptablesBackend;
  ipForward?: number;
  rootPropagation?: PropagationKind;
}

export interface DoctorReport {
  /** True when no required check is missing. */
  ok: boolean;
  facts: DoctorFacts;
  checks: DoctorCheck[];
}

export function isReady(checks: readonly DoctorCheck[]): boolean {
  return !checks.some((c) => c.required && c.status === 'missing');
}

export async function runDoctor(ctx: ProbeContext = hostContext()): Promise<DoctorReport> {
  const platform = await probePlatform(ctx);
  const facts: DoctorFacts = { platform: platform.kind, root: ctx.euid === 0 };
  if (platform.kernel !== undefined) facts.kernel = platform.kernel;
  const checks = platformChecks(platform);
  if (platform.kind !== 'linux' && platform.kind !== 'wsl2' && platform.kind !== 'wsl1') {
    return { ok: false, facts, checks };
  }

  const mountinfo = (await readText(path.join(ctx.procRoot, 'self/mountinfo'))) ?? '';
  const [namespaces, cgroups, unionFs, iptables, ipForward, tools] = await Promise.all([
    probeNamespaces(ctx),
    probeCgroups(ctx, mountinfo),
    probeUnionFs(ctx),
    probeIptables(ctx.host, ctx.env.PATH, ctx.offPathDirs),
    probeIpForward(ctx),
    probeHostTools(ctx),
  ]);
  const propagation = rootPropagation(parseMountinfo(mountinfo));

  if (namespaces.present) facts.namespaces = namespaces.present;
  facts.cgroupVersion = cgroups.version;
  facts.cgroupControllers = Object.fromEntries(cgroupControllers.map((c) => [c, locateController(cgroups, c).where]));
  if (cgroups.swapAccounting !== undefined) facts.swapAccounting = cgroups.swapAccounting;
  facts.overlay = unionFs.overlay;
  facts.aufs = unionFs.aufs;
  if (iptables.installed && iptables.parsed) facts.iptablesBackend = iptables.parsed.backend;
  if (ipForward !== undefined) facts.ipForward = ipForward;
  if (propagation) facts.rootPropagation = propagation.kind;

  checks.push(
    ...rootChecks(ctx.euid),
    ...kernelChecks(platform.kernel),
    ...namespaceChecks(namespaces),
    ...cgroupChecks(cgroups),
    ...unionFsChecks(unionFs),
    ...iptablesChecks(iptables),
    ...ipForwardChecks(ipForward),
    ...subnetChecks(ctx.env, await probeRoutes(ctx)),
    ...propagationChecks(propagation),
    ...toolChecks(tools),
  );
  return { ok: isReady(checks), facts, checks };
}
