/**
 * The command table: every command's usage, summary, options and examples as
 * data. The parser (args.ts), the help (help.ts) and shell completion
 * (completion.ts) all read it, so what tslab accepts and what it says it
 * accepts are the same rows.
 */
import type { OptionSpec } from '../args.js';

/** What a positional argument is, so completion can offer the right names. */
export type OperandKind = 'container' | 'network' | 'lesson' | 'sandbox' | readonly string[];

export interface CommandSpec {
  /** As typed after `tslab`: `run`, `network ls`. */
  name: string;
  aliases?: readonly string[];
  /** What follows the name in the usage line: `[OPTIONS] SANDBOX [COMMAND] [ARG...]`. */
  args: string;
  /** One line: the overview lists it. */
  summary: string;
  /** A few sentences under the usage line, when the summary is not enough. */
  description?: string;
  options: OptionSpec[];
  examples: readonly string[];
  /** The positionals in order, for completion; the last one repeats. Absent: none worth completing. */
  operands?: readonly OperandKind[];
  /** Options end at the first positional: the rest is the container's command (run, exec). */
  stopAtPositional?: boolean;
}

export interface CommandGroup {
  title: string;
  commands: CommandSpec[];
}

/** Options several commands share, written once. */
export const common = {
  all: { name: 'all', short: 'a', description: 'Show all containers (default shows just running)', example: 'tslab ps -a' },
  json: (example: string): OptionSpec => ({ name: 'json', description: 'Print JSON instead of a table', example }),
  quiet: (what: string, example: string): OptionSpec => ({ name: 'quiet', short: 'q', description: `Only print ${what}`, example }),
  /** docker gives inspect `-f`; on ps and network ls `-f` is --filter there, so no short form. */
  format: (example: string, short?: string): OptionSpec => ({
    name: 'format',
    ...(short ? { short } : {}),
    value: 'TEMPLATE',
    description: "Format the output with a Go template, as docker does: {{.Field}}, {{json .X}}, 'table' adds headers",
    example,
  }),
  trace: (example: string): OptionSpec => ({ name: 'trace', description: 'Print every host command and syscall tslab makes, as you could type it', group: 'Debugging', example }),
} satisfies Record<string, OptionSpec | ((...args: string[]) => OptionSpec)>;
