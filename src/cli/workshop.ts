/**
 * tslab workshop serve|dashboard|report|message|pace|hint (the instructor) and
 * tslab join (a learner). The server's modules (fastify, Kysely, the database
 * drivers) load only for `serve` and a report read straight from a database.
 */
import { writeFileSync } from 'node:fs';
import { TslabError } from '../engine/errors.js';
import { flag, value } from './args.js';
import { findCommand } from './commands/index.js';
import type { CommandSpec } from './commands/types.js';
import * as specs from './commands/workshop.js';
import { formatGroupHelp, parseCommand, usageLine } from './help.js';

const usageError = (message: string, spec?: CommandSpec) =>
  new TslabError('E_USAGE', message, { hint: spec ? `usage: ${usageLine(spec)} (see tslab ${spec.name} --help)` : 'see `tslab workshop --help`' });

function parseListen(text: string): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(text);
  const port = Number(match?.[3]);
  if (!match || port > 65535) throw usageError(`--listen ${text} is not ADDR:PORT`);
  return { host: match[1] ?? match[2]!, port };
}

async function instructorEndpoint(file: string | undefined) {
  const { loadInstructor } = await import('../workshop/serve.js');
  const { instructorFile } = await import('../workshop/paths.js');
  const record = loadInstructor(file ?? instructorFile());
  return { record, endpoint: { url: record.url, token: record.token } };
}

async function serve(argv: string[]): Promise<number> {
  const args = parseCommand(specs.workshopServe, argv);
  if (!args) return 0;
  const name = value(args, 'name');
  if (!name) throw usageError('serve needs --name, the workshop\'s name learners see', specs.workshopServe);
  const hours = Number(value(args, 'hours') ?? 8);
  if (!(hours > 0 && hours <= 24 * 14)) throw usageError('--hours must be more than 0 and at most two weeks', specs.workshopServe);
  const { host, port } = parseListen(value(args, 'listen') ?? '127.0.0.1:7420');
  const { serveWorkshop } = await import('../workshop/serve.js');
  const paths = await import('../workshop/paths.js');
  const number = (key: string) => (value(args, key) === undefined ? undefined : Number(value(args, key)));
  const server = await serveWorkshop({
    name,
    lessons: (value(args, 'lessons') ?? '').split(',').filter(Boolean),
    host,
    port,
    database: value(args, 'database') ?? paths.defaultDatabase(),
    hours,
    instructorFile: value(args, 'instructor-file') ?? paths.instructorFile(),
    ...(value(args, 'public-url') ? { publicUrl: value(args, 'public-url')! } : {}),
    ...(number('events-per-minute') ? { eventsPerMinute: number('events-per-minute')! } : {}),
    ...(number('stuck-minutes') ? { stuckMinutes: number('stuck-minutes')! } : {}),
  });
  const r = server.record;
  console.log(`workshop "${r.name}" is open
  join code:  ${r.code}
  learners:   tslab start --join ${server.url}${r.code}
  dashboard:  tslab workshop dashboard    web: ${server.url}#token=${r.token}
  url: ${server.url}`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  return 0;
}

async function report(argv: string[]): Promise<number> {
  const args = parseCommand(specs.workshopReport, argv);
  if (!args) return 0;
  const format = value(args, 'format') ?? 'md';
  if (!['md', 'csv', 'json'].includes(format)) throw usageError(`--format ${format}: use md, csv or json`, specs.workshopReport);
  const { endpoint } = await instructorEndpoint(value(args, 'instructor-file'));
  const { call } = await import('../workshop/client/http.js');
  const body = await call<unknown>(endpoint, 'GET', `/api/report?format=${format}${flag(args, 'anonymous') ? '&anonymous=true' : ''}`);
  const text = typeof body === 'string' ? body : `${JSON.stringify(body, null, 2)}\n`;
  const out = value(args, 'out');
  if (out) writeFileSync(out, text);
  else process.stdout.write(text);
  return 0;
}

async function control(sub: string, argv: string[]): Promise<number> {
  const args = parseCommand(findCommand(`workshop ${sub}`)!, argv);
  if (!args) return 0;
  const [a, b, c] = args.positionals;
  let body: unknown;
  if (sub === 'message' && a) body = { message: args.positionals.join(' ') };
  else if (sub === 'pace' && a) body = { paceLock: a === 'off' ? null : Number(a) };
  else if (sub === 'hint' && a && b && c) body = { releaseHint: { lesson: a, step: b, level: Number(c) } };
  else throw usageError(`workshop ${sub} is missing its arguments`, findCommand(`workshop ${sub}`));
  const { endpoint } = await instructorEndpoint(value(args, 'instructor-file'));
  const { call } = await import('../workshop/client/http.js');
  await call(endpoint, 'POST', '/api/control', body);
  console.log('done');
  return 0;
}

export async function workshopCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === 'help') {
    process.stdout.write(formatGroupHelp('workshop'));
    return sub === undefined ? 1 : 0;
  }
  if (sub === 'serve') return serve(rest);
  if (sub === 'report') return report(rest);
  if (sub === 'dashboard') {
    const args = parseCommand(specs.workshopDashboard, rest);
    if (!args) return 0;
    const { endpoint } = await instructorEndpoint(value(args, 'instructor-file'));
    const { runDashboard } = await import('../workshop/dashboard/terminal.js');
    return runDashboard(endpoint, { projector: flag(args, 'projector') });
  }
  if (sub === 'message' || sub === 'pace' || sub === 'hint') return control(sub, rest);
  throw usageError(`unknown subcommand workshop ${JSON.stringify(sub)}`);
}

export async function joinCommand(argv: string[]): Promise<number> {
  const args = parseCommand(specs.join, argv);
  if (!args) return 0;
  const learner = await import('../workshop/client/learner.js');
  if (flag(args, 'leave')) {
    learner.leaveWorkshop();
    console.log('left the workshop; your progress stays on this machine');
    return 0;
  }
  const [target] = args.positionals;
  if (target) {
    const name = value(args, 'name') ?? process.env.SUDO_USER ?? process.env.USER ?? 'learner';
    const record = await learner.joinWorkshop(target, name);
    console.log(`joined "${record.workshop.name}" as ${name} (lessons: ${record.workshop.lessons.join(', ')})`);
    return 0;
  }
  if (!flag(args, 'status')) throw new TslabError('E_USAGE', 'join needs the workshop\'s address', { hint: `usage: ${usageLine(specs.join)}` });
  // --status also sends what is queued: the way to deliver a backlog without opening the lab.
  const client = learner.startLearnerClient(undefined, { pollMs: 60_000 });
  if (!client) throw new TslabError('E_WORKSHOP_NONE', 'you have not joined a workshop', { hint: `usage: ${usageLine(specs.join)}` });
  // The learner asked and waits for this one: give a busy server time (the lab's own sends never wait).
  const result = await client.flush(20_000);
  client.stop();
  const status = client.status();
  console.log(`workshop "${status.name}" at ${client.record.url}: ${result.error ? `not reachable (${result.error})` : 'reachable'}; sent ${result.sent}, waiting ${result.pending}${result.rejected ? `, refused ${result.rejected}` : ''}`);
  return result.pending === 0 ? 0 : 1;
}
