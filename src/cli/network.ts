/** tslab network create|ls|inspect|rm — bridge networks, like docker's. */
import { TslabError } from '../engine/errors.js';
import { createEngine } from '../engine/engine.js';
import { createNetwork, removeNetwork, viewNetworks, type NetworkView } from '../engine/network/networks.js';
import { flag, value } from './args.js';
import { findCommand } from './commands/index.js';
import * as specs from './commands/network.js';
import { renderFormat } from './format/render.js';
import { formatGroupHelp, parseCommand, usageLine } from './help.js';
import { printLines } from './output.js';
import { requireRoot } from './require-root.js';
import { printTranscript } from './trace.js';

/** What `network ls --format` can name: the record's own fields, and docker's (ID, Driver, Scope) beside them. */
const lsRow = (v: NetworkView) => ({
  ...v,
  ID: v.name,
  Name: v.name,
  Driver: 'bridge',
  Scope: 'local',
  Bridge: v.bridge,
  Subnet: v.subnet,
  Gateway: v.gateway,
  Containers: String(v.containers.length),
  State: v.up ? 'up' : 'made on first use',
});
const lsHeaders = { ID: 'NETWORK ID', Name: 'NAME', Driver: 'DRIVER', Scope: 'SCOPE', Bridge: 'BRIDGE', Subnet: 'SUBNET', Gateway: 'GATEWAY', Containers: 'CONTAINERS', State: 'STATE' };
const lsDefaultTable = '{{.Name}}\t{{.Bridge}}\t{{.Subnet}}\t{{.Gateway}}\t{{.Containers}}\t{{.State}}';

export async function networkCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === 'help' || sub === '--help') {
    process.stdout.write(formatGroupHelp('network'));
    return sub === undefined ? 1 : 0;
  }
  const spec = findCommand(`network ${sub}`);
  if (!spec) throw new TslabError('E_USAGE', `unknown network command ${JSON.stringify(sub)}`, { hint: 'see `tslab network --help`' });
  const args = parseCommand(spec, rest);
  if (!args) return 0;
  const engine = createEngine();
  switch (spec) {
    case specs.networkCreate: {
      const [name, ...extra] = args.positionals;
      if (name === undefined || extra.length > 0) throw new TslabError('E_USAGE', 'network create needs one NAME', { hint: 'e.g. tslab network create --subnet 10.89.1.0/24 backend' });
      requireRoot('network create');
      if (flag(args, 'trace')) printTranscript(engine.host.transcript);
      const subnet = value(args, 'subnet');
      const gateway = value(args, 'gateway');
      const record = await createNetwork(engine, { name, ...(subnet ? { subnet } : {}), ...(gateway ? { gateway } : {}) });
      console.log(record.name);
      return 0;
    }
    case specs.networkLs: {
      const views = await viewNetworks(engine.paths);
      if (flag(args, 'json')) console.log(JSON.stringify(views, null, 2));
      else if (flag(args, 'quiet')) printLines(views.map((v) => v.name));
      else printLines(renderFormat(value(args, 'format') ?? 'table', views.map(lsRow), lsHeaders, lsDefaultTable));
      return 0;
    }
    case specs.networkInspect: {
      if (args.positionals.length === 0) throw new TslabError('E_USAGE', 'network inspect needs a NAME', { hint: `usage: ${usageLine(spec)}` });
      const views = await viewNetworks(engine.paths);
      const out = args.positionals.map((name) => {
        const view = views.find((v) => v.name === name);
        if (!view) throw new TslabError('E_NO_SUCH_NETWORK', `no such network: ${name}`, { hint: 'see the networks with `tslab network ls`' });
        return view;
      });
      const format = value(args, 'format');
      if (format === undefined) console.log(JSON.stringify(out, null, 2));
      else printLines(renderFormat(format, JSON.parse(JSON.stringify(out)) as unknown[], {}, '{{json .}}'));
      return 0;
    }
    default: {
      if (args.positionals.length === 0) throw new TslabError('E_USAGE', 'network rm needs a NAME', { hint: `usage: ${usageLine(spec)}` });
      requireRoot('network rm');
      if (flag(args, 'trace')) printTranscript(engine.host.transcript);
      for (const name of args.positionals) {
        await removeNetwork(engine, name);
        console.log(name);
      }
      return 0;
    }
  }
}
