/** `tslab network ...`: bridge networks, like docker's. */
import { common, type CommandSpec } from './types.js';

export const networkCreate: CommandSpec = {
  name: 'network create',
  args: '[OPTIONS] NAME',
  summary: 'Make a bridge network of its own (no traffic to other networks)',
  options: [
    { name: 'subnet', value: 'CIDR', description: 'Its subnet (default: a free /24 in 10.89-10.99)', example: '--subnet 10.90.0.0/24' },
    { name: 'gateway', value: 'IP', description: "The bridge's address (default: the subnet's first)", example: '--gateway 10.90.0.1' },
    common.trace('tslab network create --trace backend'),
  ],
  examples: ['tslab network create backend', 'tslab network create --subnet 10.90.0.0/24 backend'],
};

export const networkLs: CommandSpec = {
  name: 'network ls',
  aliases: ['network list'],
  args: '[OPTIONS]',
  summary: 'List networks, with bridge, subnet and containers',
  options: [common.quiet('network names', 'tslab network ls -q'), common.format("tslab network ls --format '{{.Name}} {{.Subnet}}'"), common.json('tslab network ls --json')],
  examples: ['tslab network ls', "tslab network ls --format 'table {{.Name}}\\t{{.Subnet}}'"],
};

export const networkInspect: CommandSpec = {
  name: 'network inspect',
  args: '[OPTIONS] NETWORK [NETWORK...]',
  summary: "JSON: subnet, gateway, bridge, containers' addresses",
  operands: ['network'],
  options: [common.format("tslab network inspect -f '{{.Subnet}}' backend", 'f')],
  examples: ['tslab network inspect bridge'],
};

export const networkRm: CommandSpec = {
  name: 'network rm',
  aliases: ['network remove'],
  args: 'NETWORK [NETWORK...]',
  summary: 'Remove networks no container uses',
  operands: ['network'],
  options: [common.trace('tslab network rm --trace backend')],
  examples: ['tslab network rm backend'],
};
