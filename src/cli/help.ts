/**
 * Help generated from the command table (commands/): the overview, a group's
 * subcommands, and one command's options grouped with a description and an
 * example each. parseCommand handles --help for every command the same way.
 */
import { parseArgs, flag, type OptionSpec, type ParsedArgs } from './args.js';
import { allCommands, commandGroups, subcommandsOf, type CommandSpec } from './commands/index.js';
import { wrap } from './output.js';

const WIDTH = 80;
const helpOption: OptionSpec = { name: 'help', description: 'Print this help' };

export const usageLine = (spec: CommandSpec): string => `tslab ${spec.name}${spec.args ? ` ${spec.args}` : ''}`;

/** Parse argv against the command's table; undefined when --help was asked (and printed). */
export function parseCommand(spec: CommandSpec, argv: readonly string[], print: (text: string) => void = (text) => process.stdout.write(text)): ParsedArgs | undefined {
  const args = parseArgs(argv, [...spec.options, helpOption], `${usageLine(spec)} (see tslab ${spec.name} --help)`, { stopAtPositional: spec.stopAtPositional ?? false });
  if (!flag(args, 'help')) return args;
  print(formatCommandHelp(spec));
  return undefined;
}

function optionLabel(o: OptionSpec): string {
  const names = `${o.short ? `-${o.short}, ` : '    '}--${o.name}`;
  return o.value ? `${names} ${o.value}` : names;
}

/** Lines of `label   text`, the text wrapped in its column, continuation lines under it. */
function twoColumns(rows: Array<[string, string, string?]>, labelWidth = Math.min(34, Math.max(...rows.map(([label]) => label.length))), indent = 2): string[] {
  const textColumn = indent + labelWidth + 2;
  const out: string[] = [];
  for (const [label, text, example] of rows) {
    const lines = wrap(text, WIDTH - textColumn);
    // An example is a command line to copy: never broken.
    if (example) lines.push(`e.g. ${example}`);
    if (label.length > labelWidth) out.push(' '.repeat(indent) + label, ...lines.map((l) => ' '.repeat(textColumn) + l));
    else out.push(' '.repeat(indent) + label.padEnd(labelWidth + 2) + lines[0], ...lines.slice(1).map((l) => ' '.repeat(textColumn) + l));
  }
  return out;
}

export function formatCommandHelp(spec: CommandSpec): string {
  const out = [`Usage:  ${usageLine(spec)}`, '', ...wrap(spec.summary + (spec.description ? `. ${spec.description}` : ''), WIDTH)];
  const all = [...spec.options, helpOption];
  const groups = new Map<string, OptionSpec[]>();
  for (const o of all) groups.set(o.group ?? 'Options', [...(groups.get(o.group ?? 'Options') ?? []), o]);
  // One column for every group, so the descriptions line up down the page.
  const labelWidth = Math.min(24, Math.max(...all.map((o) => optionLabel(o).length)));
  for (const [title, options] of groups) {
    out.push('', `${title}:`, ...twoColumns(options.map((o) => [optionLabel(o), o.description + (o.repeatable ? ' (repeatable)' : ''), o.example]), labelWidth));
  }
  if (spec.examples.length > 0) out.push('', 'Examples:', ...spec.examples.map((e) => `  ${e}`));
  return `${out.join('\n')}\n`;
}

/** `tslab network --help`: the group's subcommands. */
export function formatGroupHelp(group: string): string {
  const subs = subcommandsOf(group);
  const out = [`Usage:  tslab ${group} COMMAND`, '', 'Commands:', ...twoColumns(subs.map((c) => [c.name.slice(group.length + 1), c.summary]))];
  out.push('', `Run 'tslab ${group} COMMAND --help' for a command's options.`);
  return `${out.join('\n')}\n`;
}

export function formatOverview(): string {
  const out = ['tslab — learn how containers work by building one', '', 'Usage: tslab COMMAND [OPTIONS]'];
  for (const group of commandGroups) out.push('', `${group.title}:`, ...twoColumns(group.commands.map((c) => [c.name, c.summary])));
  out.push('', "Run 'tslab COMMAND --help' or 'tslab help COMMAND' for a command's options and examples.");
  return `${out.join('\n')}\n`;
}

/** `tslab help [COMMAND...]`: the overview, a group, or one command. */
export function helpFor(words: readonly string[]): string | undefined {
  if (words.length === 0) return formatOverview();
  const name = words.join(' ');
  const spec = allCommands.find((c) => c.name === name || c.aliases?.includes(name));
  if (spec) return formatCommandHelp(spec);
  return subcommandsOf(name).length > 0 ? formatGroupHelp(name) : undefined;
}
