/** The v1 devices controller: each rule written, in order, to devices.allow or devices.deny. */
import { join } from 'node:path';
import { v1DeviceLine } from '../../security/devices.js';
import { writeCgroupFile } from '../files.js';
import type { CgroupLimits } from '../types.js';
import type { Host } from '../../host.js';

export async function applyDevices(host: Host, dir: string, limits: CgroupLimits): Promise<void> {
  for (const rule of limits.devices ?? []) {
    await writeCgroupFile(host, join(dir, rule.allow ? 'devices.allow' : 'devices.deny'), v1DeviceLine(rule));
  }
}
