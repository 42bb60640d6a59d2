/** tslab network create|ls|inspect|rm — bridge networks, like docker's. */
import { TslabError } from '../engine/errors.js';
import { createEngine } from '../engine/engine.js';
import { createNetwork, removeNetwork, viewNetworks } from '../engine/network/networks.js';
import { flag, parseArgs, value } from './args.js';
import { table } from './output.js';
import { requireRoot } from './require-root.js';
import { printTranscript } from './trace.js';

const usage = `tslab network COMMAND
  create [--subnet CIDR] [--gateway IP] NAME   a bridge network (subnet picked in 10.89-10.99 if not given)
  ls [--json]                                   networks, with bridge, subnet and containers
  inspect NAME...                               JSON: subnet, gateway, bridge, containers' addresses
  rm NAME...                                    remove networks no container uses`;

export async function networkCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const engine = createEngine();
  switch (sub) {
    case 'create': {
      const args = parseArgs(rest, [{ name: 'subnet', value: true }, { name: 'gateway', value: true }, { name: 'trace' }], usage);
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
    case 'ls':
    case 'list': {
      const args = parseArgs(rest, [{ name: 'json' }], usage);
      const views = await viewNetworks(engine.paths);
      if (flag(args, 'json')) console.log(JSON.stringify(views, null, 2));
      else console.log(table([['NAME', 'BRIDGE', 'SUBNET', 'GATEWAY', 'CONTAINERS', 'STATE'], ...views.map((v) => [v.name, v.bridge, v.subnet, v.gateway, String(v.containers.length), v.up ? 'up' : 'made on first use'])]));
      return 0;
    }
    case 'inspect': {
      const args = parseArgs(rest, [], usage);
      if (args.positionals.length === 0) throw new TslabError('E_USAGE', 'network inspect needs a NAME', { hint: `usage: ${usage}` });
      const views = await viewNetworks(engine.paths);
      const out = args.positionals.map((name) => {
        const view = views.find((v) => v.name === name);
        if (!view) throw new TslabError('E_NO_SUCH_NETWORK', `no such network: ${name}`, { hint: 'see the networks with `tslab network ls`' });
        return view;
      });
      console.log(JSON.stringify(out, null, 2));
      return 0;
    }
    case 'rm':
    case 'remove': {
      const args = parseArgs(rest, [{ name: 'trace' }], usage);
      if (args.positionals.length === 0) throw new TslabError('E_USAGE', 'network rm needs a NAME', { hint: `usage: ${usage}` });
      requireRoot('network rm');
      if (flag(args, 'trace')) printTranscript(engine.host.transcript);
      for (const name of args.positionals) {
        await removeNetwork(engine, name);
        console.log(name);
      }
      return 0;
    }
    case undefined:
    case 'help':
    case '--help':
      console.log(`usage: ${usage}`);
      return sub === undefined ? 1 : 0;
    default:
      throw new TslabError('E_USAGE', `unknown network command ${JSON.stringify(sub)}`, { hint: `usage: ${usage}` });
  }
}
