/** cgroups: one interface (types.ts), two drivers (v1.ts, v2.ts), chosen by detect.ts. */
export type { Cgroup, CgroupDriver, CgroupLimits, CgroupStats, CgroupVersion, WaitOptions } from './types.js';
export { type CgroupHostInfo, cgroupHostInfo, getCgroupDriver, describeCgroups } from './detect.js';
export { CgroupV1Driver } from './v1.js';
export { CgroupV2Driver } from './v2.js';
export type { CgroupOps } from './files.js';
export { cpuQuotaUs } from './limits.js';
