/**
 * The runc-compatible command line: `tslab-runtime [--root DIR] [--log FILE]
 * [--log-format text|json] COMMAND`, also reachable as `tslab oci COMMAND`.
 * Errors go to stderr and, with --log, to the log file (podman reads it as
 * JSON lines, as it reads runc's).
 */
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createEngine } from '../engine/engine.js';
import { ExitCode, TslabError, isTslabError } from '../engine/errors.js';
import { parseSignal } from '../engine/lifecycle/signals.js';
import { flag, parseArgs, value, values, type OptionSpec } from '../cli/args.js';
import { alignColumns } from '../cli/format/render.js';
import { printError, printLines } from '../cli/output.js';
import { requireRoot } from '../cli/require-root.js';
import { tslabPaths } from '../engine/paths.js';
import { readJson } from '../engine/json-files.js';
import { holdContainer } from './holder.js';
import { create, execProcess, kill, remove, start, waitExit } from './lifecycle.js';
import { ociState, readRecord, type RuntimeRecord } from './records.js';
import { defaultConfig } from './spec-template.js';
import { readDirOrEmpty } from '../engine/json-files.js';

const usage = `tslab-runtime [--root DIR] [--log FILE] [--log-format text|json] COMMAND
  spec [--bundle DIR]                                   write a config.json for a bundle
  create --bundle DIR [--pid-file F] ID                 create a container; it waits for start
  start ID                                              run the container's process
  state ID                                              the runtime spec's state JSON
  exec [--process FILE] [--detach] [--pid-file F] ID [CMD...]   another process in a running container
  kill ID [SIGNAL]                                      signal its process (default TERM)
  delete [--force] ID                                   remove a stopped (or, with --force, any) container
  run --bundle DIR [--pid-file F] [--detach] ID         create, start, wait and delete
  list [--format table|json] [-q]                       containers under --root`;

/** An option row: runc's flags need no examples, only what they do (parse errors quote the usage). */
const o = (name: string, description: string, extra: Partial<OptionSpec> = {}): OptionSpec => ({ name, description, ...extra });

const globals: OptionSpec[] = [
  o('root', 'Where the runtime keeps its records', { value: 'DIR' }),
  o('log', 'Also write errors to FILE', { value: 'FILE' }),
  o('log-format', 'text or json (JSON lines, as podman reads runc)', { value: 'FORMAT' }),
  o('debug', 'Accepted for runc compatibility'),
  o('systemd-cgroup', 'Refused: tslab manages cgroups through cgroupfs'),
  o('help', 'Print this help', { short: 'h' }),
  o('version', 'Print the version', { short: 'v' }),
];

export async function ociMain(argv: string[]): Promise<number> {
  const top = parseArgs(argv, globals, usage, { stopAtPositional: true });
  const log = value(top, 'log');
  const json = value(top, 'log-format') === 'json';
  const [command, ...rest] = top.positionals;
  try {
    if (flag(top, 'version')) {
      console.log('tslab-runtime version 0.1.0\nspec: 1.0.2');
      return 0;
    }
    if (command === undefined || flag(top, 'help')) {
      console.log(`usage: ${usage}`);
      return command === undefined && !flag(top, 'help') ? 1 : 0;
    }
    if (flag(top, 'systemd-cgroup')) {
      throw new TslabError('E_OCI_UNSUPPORTED', '--systemd-cgroup is not supported: tslab manages cgroups through cgroupfs', { hint: 'use the cgroupfs manager (podman: --cgroup-manager cgroupfs)' });
    }
    const root = path.resolve(value(top, 'root') ?? path.join(tslabPaths(process.env).runDir, 'oci'));
    return await dispatch(command, rest, root);
  } catch (error) {
    printError(error);
    if (log) {
      const message = error instanceof Error ? error.message : String(error);
      appendFileSync(log, json ? `${JSON.stringify({ level: 'error', msg: message, time: new Date().toISOString() })}\n` : `error: ${message}\n`);
    }
    return isTslabError(error) ? error.exitCode : ExitCode.engine;
  }
}

async function dispatch(command: string, argv: string[], root: string): Promise<number> {
  const engine = () => createEngine(process.env);
  const one = (args: { positionals: string[] }, shape: string) => {
    const id = args.positionals[0];
    if (id === undefined) throw new TslabError('E_USAGE', `${command} needs a container id`, { hint: `usage: tslab-runtime ${shape}` });
    return id;
  };
  switch (command) {
    case 'spec': {
      const args = parseArgs(argv, [o('bundle', 'The bundle directory', { short: 'b', value: 'DIR' }), o('rootless', 'Refused: tslab runs containers as root')], 'spec [--bundle DIR]');
      const file = path.join(path.resolve(value(args, 'bundle') ?? '.'), 'config.json');
      if (existsSync(file)) throw new TslabError('E_OCI_EXISTS', `${file} already exists`, { hint: 'remove it first, or write the bundle elsewhere with --bundle DIR' });
      writeFileSync(file, `${JSON.stringify(defaultConfig(), null, 2)}\n`);
      return 0;
    }
    case 'create':
    case 'run': {
      const args = parseArgs(argv, [
        o('bundle', 'The bundle directory', { short: 'b', value: 'DIR' }),
        o('pid-file', 'Write the pid to FILE', { value: 'FILE' }),
        o('console-socket', 'Refused: no terminal yet', { value: 'SOCKET' }),
        o('detach', 'Return once started', { short: 'd' }),
        o('no-pivot', 'Refused: tslab always uses pivot_root'),
        o('no-new-keyring', 'Accepted for runc compatibility'),
        o('keep', 'Do not delete the container when it exits'),
      ], `${command} --bundle DIR [--pid-file F] ID`);
      const id = one(args, `${command} --bundle DIR ID`);
      if (value(args, 'console-socket') !== undefined) {
        throw new TslabError('E_OCI_UNSUPPORTED', '--console-socket is not supported yet: tslab-runtime gives no terminal', { hint: 'run without a terminal (podman without -t)' });
      }
      if (flag(args, 'no-pivot')) throw new TslabError('E_OCI_UNSUPPORTED', '--no-pivot is not supported: tslab always uses pivot_root', { hint: 'drop --no-pivot' });
      requireRoot(`oci ${command}`);
      const e = engine();
      await create(e, root, id, { bundle: value(args, 'bundle') ?? '.', ...(value(args, 'pid-file') ? { pidFile: value(args, 'pid-file')! } : {}) });
      if (command === 'create') return 0;
      await start(e, root, id);
      if (flag(args, 'detach')) return 0;
      const code = await waitExit(e, root, id);
      if (!flag(args, 'keep')) await remove(e, root, id, { force: true });
      return code;
    }
    case 'start':
      requireRoot('oci start');
      await start(engine(), root, one(parseArgs(argv, [], 'start ID'), 'start ID'));
      return 0;
    case 'state': {
      const id = one(parseArgs(argv, [], 'state ID'), 'state ID');
      console.log(JSON.stringify(await ociState(engine(), await readRecord(root, id)), null, 2));
      return 0;
    }
    case 'kill': {
      const args = parseArgs(argv, [o('all', 'Accepted for runc compatibility', { short: 'a' })], 'kill ID [SIGNAL]');
      const id = one(args, 'kill ID [SIGNAL]');
      const signal = args.positionals[1] ?? 'TERM';
      requireRoot('oci kill');
      await kill(engine(), root, id, /^\d+$/.test(signal) ? Number(signal) : parseSignal(signal));
      return 0;
    }
    case 'delete': {
      const args = parseArgs(argv, [o('force', 'Kill it first if it still runs', { short: 'f' })], 'delete [--force] ID');
      requireRoot('oci delete');
      await remove(engine(), root, one(args, 'delete [--force] ID'), { force: flag(args, 'force') });
      return 0;
    }
    case 'list': {
      const args = parseArgs(argv, [o('format', 'table or json', { short: 'f', value: 'FORMAT' }), o('quiet', 'Only ids', { short: 'q' })], 'list [--format table|json] [-q]');
      const e = engine();
      const states = [];
      for (const entry of await readDirOrEmpty(root)) {
        const record = entry.isDirectory() ? await readJson<RuntimeRecord>(path.join(root, entry.name, 'state.json')) : undefined;
        if (record) states.push(await ociState(e, record));
      }
      if (value(args, 'format') === 'json') console.log(JSON.stringify(states));
      else if (flag(args, 'quiet')) for (const s of states) console.log(s.id);
      else printLines(alignColumns([['ID', 'PID', 'STATUS', 'BUNDLE', 'CREATED'], ...states.map((s) => [s.id, String(s.pid), s.status, s.bundle, s.created])].map((row) => row.join('\t'))));
      return 0;
    }
    case 'exec': {
      const args = parseArgs(argv, [
        o('process', 'The process as the runtime spec describes it', { short: 'p', value: 'FILE' }),
        o('detach', 'Return once started', { short: 'd' }),
        o('pid-file', 'Write the pid to FILE', { value: 'FILE' }),
        o('console-socket', 'Refused: no terminal yet', { value: 'SOCKET' }),
        o('tty', 'Refused: no terminal yet', { short: 't' }),
        o('cwd', 'Working directory', { value: 'DIR' }),
        o('env', 'Set an environment variable', { short: 'e', value: 'KEY=VALUE', repeatable: true }),
      ], 'exec [--process FILE | ID CMD...] [--detach] [--pid-file F] ID', { stopAtPositional: false });
      const [id, ...cmd] = args.positionals;
      if (id === undefined) throw new TslabError('E_USAGE', 'exec needs a container id', { hint: 'usage: tslab-runtime exec [--process FILE] ID [CMD...]' });
      if (value(args, 'console-socket') !== undefined || flag(args, 'tty')) {
        throw new TslabError('E_OCI_UNSUPPORTED', '--console-socket and --tty are not supported yet: tslab-runtime gives no terminal', { hint: 'exec without a terminal (podman exec without -t)' });
      }
      requireRoot('oci exec');
      const processFile = value(args, 'process');
      const proc = processFile ? JSON.parse(readFileSync(processFile, 'utf8')) : { args: cmd, env: values(args, 'env'), cwd: value(args, 'cwd') ?? '/' };
      return execProcess(engine(), root, id, proc, { detach: flag(args, 'detach'), ...(value(args, 'pid-file') ? { pidFile: value(args, 'pid-file')! } : {}) });
    }
    case '_hold':
      return holdContainer(argv[0]!, argv[1]!);
    default:
      throw new TslabError('E_USAGE', `unknown command ${JSON.stringify(command)}`, { hint: `usage: ${usage}` });
  }
}
