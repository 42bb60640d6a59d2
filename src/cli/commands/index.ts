/** Every command, in the groups `tslab --help` shows. */
import * as containers from './containers.js';
import * as images from './images.js';
import * as lessons from './lessons.js';
import * as machine from './machine.js';
import * as network from './network.js';
import { exec, run } from './run.js';
import * as workshop from './workshop.js';
import type { CommandGroup, CommandSpec } from './types.js';

export type { CommandGroup, CommandSpec, OperandKind } from './types.js';

export const commandGroups: CommandGroup[] = [
  {
    title: 'Containers',
    commands: [run, containers.ps, exec, containers.stop, containers.kill, containers.rm, containers.logs, containers.inspect, containers.port, containers.pause, containers.unpause, containers.stats, containers.gc],
  },
  { title: 'Networks', commands: [network.networkCreate, network.networkLs, network.networkInspect, network.networkRm] },
  { title: 'Images', commands: [images.imageLoad, images.imageLs, images.imageRm, images.imageInspect, images.imageImport, images.exportCmd, images.commit] },
  { title: 'OCI runtime', commands: [images.spec, images.oci] },
  { title: 'Lessons', commands: [lessons.start, lessons.lessons, lessons.lesson] },
  {
    title: 'Workshops',
    commands: [workshop.workshopServe, workshop.workshopDashboard, workshop.workshopReport, workshop.workshopMessage, workshop.workshopPace, workshop.workshopHint, workshop.join],
  },
  { title: 'Machine', commands: [machine.doctor, machine.setup, machine.completion, machine.version] },
];

export const allCommands: CommandSpec[] = commandGroups.flatMap((g) => g.commands);

/** The command a name (or alias) such as `network ls` stands for. */
export function findCommand(name: string): CommandSpec | undefined {
  return allCommands.find((c) => c.name === name || c.aliases?.includes(name));
}

/** Commands with subcommands (`network`): the first word of a two-word name. */
export function subcommandsOf(group: string): CommandSpec[] {
  return allCommands.filter((c) => c.name.startsWith(`${group} `));
}
