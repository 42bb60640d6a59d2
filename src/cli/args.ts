/**
 * A small argv parser with docker's conventions: options before the first
 * positional (everything after it is the container's command), `--opt=value`
 * or `--opt value`, combined short flags (`-it`, `-dit`), repeatable options.
 * The same OptionSpec rows generate each command's --help (help.ts) and the
 * shell completion (completion.ts), so parser and help cannot drift apart.
 */
import { TslabError } from '../engine/errors.js';

export interface OptionSpec {
  name: string;
  short?: string;
  /** The value's placeholder in help (`BYTES` for `--memory 64m`); without one the option is a boolean flag. */
  value?: string;
  repeatable?: boolean;
  /** One line for --help. */
  description: string;
  /** How it is used, shown under the description: `--memory 64m`. */
  example?: string;
  /** Heading it is listed under in --help, as docker's reference groups run's options. */
  group?: string;
  /** What completes its value: a fixed list, or names tslab knows. */
  complete?: readonly string[] | 'networks' | 'files';
}

export interface ParsedArgs {
  options: Map<string, string[] | true>;
  positionals: string[];
}

export function parseArgs(argv: readonly string[], specs: readonly OptionSpec[], usage: string, options: { stopAtPositional?: boolean } = {}): ParsedArgs {
  const byLong = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short!, s]));
  const parsed: ParsedArgs = { options: new Map(), positionals: [] };
  const set = (spec: OptionSpec, value: string | undefined) => {
    if (spec.value === undefined) {
      parsed.options.set(spec.name, true);
      return;
    }
    const list = parsed.options.get(spec.name);
    parsed.options.set(spec.name, spec.repeatable && Array.isArray(list) ? [...list, value!] : [value!]);
  };
  const bad = (message: string) => new TslabError('E_USAGE', message, { hint: `usage: ${usage}` });
  // What the user typed, quoted when it holds a newline or other control characters, so the error stays one line.
  const shown = (text: string) => (/^[\x21-\x7e]*$/.test(text) ? text : JSON.stringify(text));

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      parsed.positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = arg.slice(2, eq === -1 ? undefined : eq);
      const spec = byLong.get(name);
      if (!spec) throw bad(`unknown option ${shown(`--${name}`)}`);
      if (spec.value !== undefined) {
        const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
        if (value === undefined) throw bad(`--${name} needs a value`);
        set(spec, value);
      } else {
        if (eq !== -1) throw bad(`--${name} takes no value`);
        set(spec, undefined);
      }
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      for (let j = 1; j < arg.length; j++) {
        const spec = byShort.get(arg[j]!);
        if (!spec) throw bad(`unknown option ${shown(`-${arg[j]}`)}`);
        if (spec.value === undefined) {
          set(spec, undefined);
          continue;
        }
        // A value-taking short option ends the group: -eKEY=V or -e KEY=V.
        const value = j < arg.length - 1 ? arg.slice(j + 1) : argv[++i];
        if (value === undefined) throw bad(`-${spec.short} needs a value`);
        set(spec, value);
        break;
      }
      continue;
    }
    parsed.positionals.push(arg);
    if (options.stopAtPositional) {
      parsed.positionals.push(...argv.slice(i + 1));
      break;
    }
  }
  return parsed;
}

export const flag = (args: ParsedArgs, name: string): boolean => args.options.get(name) === true;
export const value = (args: ParsedArgs, name: string): string | undefined => {
  const v = args.options.get(name);
  return Array.isArray(v) ? v[v.length - 1] : undefined;
};
export const values = (args: ParsedArgs, name: string): string[] => {
  const v = args.options.get(name);
  return Array.isArray(v) ? v : [];
};
