/** Commands that look at or act on existing containers. */
import { common, type CommandSpec } from './types.js';

export const ps: CommandSpec = {
  name: 'ps',
  args: '[OPTIONS]',
  summary: 'List containers',
  options: [
    common.all,
    common.quiet('container ids', 'tslab rm -f $(tslab ps -aq)'),
    common.format("tslab ps --format 'table {{.ID}}\\t{{.Names}}\\t{{.Status}}'"),
    common.json('tslab ps -a --json'),
  ],
  examples: ['tslab ps', 'tslab ps -a', "tslab ps --format '{{.Names}} {{.Pid}}'"],
};

export const inspect: CommandSpec = {
  name: 'inspect',
  args: '[OPTIONS] CONTAINER [CONTAINER...]',
  summary: 'Everything tslab and the kernel know about containers',
  description:
    "JSON, one object per container: tslab's own record and live kernel view, plus docker's names (State.Pid, State.Status, NetworkSettings.IPAddress, HostConfig.Memory, Mounts) so docker recipes work.",
  operands: ['container'],
  options: [common.format("tslab inspect -f '{{.State.Pid}}' web", 'f')],
  examples: ['tslab inspect web', "tslab inspect --format '{{.NetworkSettings.IPAddress}}' web", "tslab inspect -f '{{json .State}}' web"],
};

export const stop: CommandSpec = {
  name: 'stop',
  args: '[OPTIONS] CONTAINER [CONTAINER...]',
  summary: 'Stop containers: SIGTERM, then SIGKILL after a timeout',
  operands: ['container'],
  options: [{ name: 'time', short: 't', value: 'SECONDS', description: 'Seconds to wait after SIGTERM before SIGKILL (default 10)', example: 'tslab stop -t 2 web' }],
  examples: ['tslab stop web', 'tslab stop -t 0 web db'],
};

export const kill: CommandSpec = {
  name: 'kill',
  args: '[OPTIONS] CONTAINER [CONTAINER...]',
  summary: "Send a signal to containers' PID 1",
  operands: ['container'],
  options: [{ name: 'signal', short: 's', value: 'SIGNAL', description: 'Signal to send, by name or number (default KILL)', example: 'tslab kill -s HUP web', complete: ['KILL', 'TERM', 'HUP', 'INT', 'QUIT', 'USR1', 'USR2'] }],
  examples: ['tslab kill web', 'tslab kill -s TERM web'],
};

export const rm: CommandSpec = {
  name: 'rm',
  args: '[OPTIONS] CONTAINER [CONTAINER...]',
  summary: 'Remove containers',
  operands: ['container'],
  options: [{ name: 'force', short: 'f', description: 'Stop a running container first (SIGKILL)', example: 'tslab rm -f web' }],
  examples: ['tslab rm web', 'tslab rm -f $(tslab ps -aq)'],
};

export const logs: CommandSpec = {
  name: 'logs',
  args: '[OPTIONS] CONTAINER',
  summary: 'Print what a detached container wrote',
  operands: ['container'],
  options: [{ name: 'follow', short: 'f', description: 'Keep printing as it writes more', example: 'tslab logs -f web' }],
  examples: ['tslab logs web', 'tslab logs -f web'],
};

export const port: CommandSpec = {
  name: 'port',
  args: 'CONTAINER',
  summary: "A container's published ports (-p)",
  operands: ['container'],
  options: [],
  examples: ['tslab port web'],
};

export const pause: CommandSpec = {
  name: 'pause',
  args: 'CONTAINER [CONTAINER...]',
  summary: 'Freeze every process of containers with the cgroup freezer',
  operands: ['container'],
  options: [],
  examples: ['tslab pause web'],
};

export const unpause: CommandSpec = {
  name: 'unpause',
  args: 'CONTAINER [CONTAINER...]',
  summary: 'Thaw paused containers',
  operands: ['container'],
  options: [],
  examples: ['tslab unpause web'],
};

export const stats: CommandSpec = {
  name: 'stats',
  args: '[OPTIONS] [CONTAINER...]',
  summary: 'A live dashboard of running containers: CPU, memory, pids, network and block I/O',
  description:
    'Read from each container\'s cgroup and network namespace, against its limits: gauges per limit, charts of the selected container, OOM kills and CPU throttling as they happen. Keys: up/down select, q quits.',
  operands: ['container'],
  options: [
    { name: 'no-stream', description: 'Print one table of usage and exit', example: 'tslab stats --no-stream' },
    common.format("tslab stats --no-stream --format '{{.Name}} {{.MemPerc}}'"),
    { name: 'interval', value: 'SECONDS', description: 'Seconds between samples in the dashboard (default 1)', example: '--interval 0.5' },
  ],
  examples: ['tslab stats', 'tslab stats --no-stream', 'tslab stats web db'],
};

export const gc: CommandSpec = {
  name: 'gc',
  args: '[OPTIONS]',
  summary: 'Remove whatever tslab left behind (after a crash, say)',
  options: [{ name: 'all', description: 'Also stop and remove every container', example: 'tslab gc --all' }],
  examples: ['tslab gc', 'tslab gc --all'],
};
