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
import { printError, table } from '../cli/output.js';
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

const globals: OptionSpec[] = [
  { name: 'root', value: true }, { name: 'log', value: true }, { name: 'log-format', value: true },
  { name: 'debug' }, { name: 'systemd-cgroup' }, { name: 'help', short: 'h' }, { name: 'version', short: 'v' },
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
      const args = parseArgs(argv, [{ name: 'bundle', short: 'b', value: true }, { name: 'rootless' }], 'spec [--bundle DIR]');
      const file = path.join(path.resolve(value(args, 'bundle') ?? '.'), 'config.json');
      if (existsSync(file)) throw new TslabError('E_OCI_EXISTS', `${file} already exists`, { hint: 'remove it first, or write the bundle elsewhere with --bundle DIR' });
      writeFileSync(file, `${JSON.stringify(defaultConfig(), null, 2)}\n`);
      return 0;
    }
    case 'create':
    case 'run': {
      const args = parseArgs(argv, [
        { name: 'bundle', short: 'b', value: true }, { name: 'pid-file', value: true }, { name: 'console-socket', value: true },
        { name: 'detach', short: 'd' }, { name: 'no-pivot' }, { name: 'no-new-keyring' }, { name: 'keep' },
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
      const args = parseArgs(argv, [{ name: 'all', short: 'a' }], 'kill ID [SIGNAL]');
      const id = one(args, 'kill ID [SIGNAL]');
      const signal = args.positionals[1] ?? 'TERM';
      requireRoot('oci kill');
      await kill(engine(), root, id, /^\d+$/.test(signal) ? Number(signal) : parseSignal(signal));
      return 0;
    }
    case 'delete': {
      const args = parseArgs(argv, [{ name: 'force', short: 'f' }], 'delete [--force] ID');
      requireRoot('oci delete');
      await remove(engine(), root, one(args, 'delete [--force] ID'), { force: flag(args, 'force') });
      return 0;
    }
    case 'list': {
      const args = parseArgs(argv, [{ name: 'format', short: 'f', value: true }, { name: 'quiet', short: 'q' }], 'list [--format table|json] [-q]');
      const e = engine();
      const states = [];
      for (const entry of await readDirOrEmpty(root)) {
        const record = entry.isDirectory() ? await readJson<RuntimeRecord>(path.join(root, entry.name, 'state.json')) : undefined;
        if (record) states.push(await ociState(e, record));
      }
      if (value(args, 'format') === 'json') console.log(JSON.stringify(states));
      else if (flag(args, 'quiet')) for (const s of states) console.log(s.id);
      else console.log(table([['ID', 'PID', 'STATUS', 'BUNDLE', 'CREATED'], ...states.map((s) => [s.id, String(s.pid), s.status, s.bundle, s.created])]));
      return 0;
    }
    case 'exec': {
      const args = parseArgs(argv, [
        { name: 'process', short: 'p', value: true }, { name: 'detach', short: 'd' }, { name: 'pid-file', value: true },
        { name: 'console-socket', value: true }, { name: 'tty', short: 't' }, { name: 'cwd', value: true }, { name: 'env', short: 'e', value: true, repeatable: true },
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
