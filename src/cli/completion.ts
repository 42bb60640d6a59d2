/**
 * Shell completion. `tslab completion bash|zsh` prints a small script that
 * asks `tslab __complete CWORD WORDS...` for the candidates, so commands and
 * options come from the same table as the parser and --help, and names
 * (containers, networks, lessons, sandboxes) are the ones on this machine.
 */
import path from 'node:path';
import { TslabError } from '../engine/errors.js';
import { packageRoot } from '../engine/package-root.js';
import type { OptionSpec } from './args.js';
import { allCommands, findCommand, subcommandsOf, type CommandSpec, type OperandKind } from './commands/index.js';
import { completion } from './commands/machine.js';
import { parseCommand, usageLine } from './help.js';
import { printLines } from './output.js';

/** Single-quoted for sh, bash and zsh alike. */
const quote = (word: string): string => `'${word.replaceAll("'", "'\\''")}'`;

export async function completionCommand(argv: string[]): Promise<number> {
  const args = parseCommand(completion, argv);
  if (!args) return 0;
  const [shell] = args.positionals;
  // The script runs this very tslab, wherever it is installed (npx puts none on PATH).
  const self = `${quote(process.execPath)} ${quote(path.join(packageRoot(), 'bin', 'tslab.js'))}`;
  if (shell === 'bash') process.stdout.write(bashScript(self));
  else if (shell === 'zsh') process.stdout.write(zshScript(self));
  else throw new TslabError('E_USAGE', `completion for ${shell === undefined ? 'which shell?' : `${JSON.stringify(shell)} is not available`}`, { hint: `usage: ${usageLine(completion)}, e.g. source <(tslab completion bash)` });
  return 0;
}

const bashScript = (self: string) => `# tslab completion for bash: add \`source <(tslab completion bash)\` to ~/.bashrc
_tslab() {
  local IFS=$'\\n'
  COMPREPLY=($(${self} __complete "$((COMP_CWORD - 1))" "\${COMP_WORDS[@]:1}" 2>/dev/null))
}
# -o default: file names when tslab offers nothing (a -v HOST:CTR, a --rootfs DIR).
complete -o default -F _tslab tslab
`;

const zshScript = (self: string) => `#compdef tslab
# tslab completion for zsh: add \`source <(tslab completion zsh)\` to ~/.zshrc (after compinit),
# or save it as _tslab in a directory of your $fpath.
_tslab() {
  local -a candidates
  candidates=("\${(@f)$(${self} __complete "$((CURRENT - 2))" "\${(@)words[2,-1]}" 2>/dev/null)}")
  if [[ -n "\${candidates[1]}" ]]; then
    compadd -a candidates
  else
    _files
  fi
}
if [[ "\${zsh_eval_context[-1]}" == loadautofunc ]]; then
  _tslab "$@"
else
  compdef _tslab tslab
fi
`;

/** `tslab __complete CWORD WORDS...`: the candidates for WORDS[CWORD], one per line. */
export async function completeCommand(argv: string[]): Promise<number> {
  const [cwordText, ...words] = argv;
  const cword = Number(cwordText);
  if (!Number.isInteger(cword) || cword < 0) return 0;
  const current = words[cword] ?? '';
  printLines((await candidates(words.slice(0, cword), current)).filter((c) => c.startsWith(current)));
  return 0;
}

const topLevel = (): string[] => [...new Set(allCommands.map((c) => c.name.split(' ')[0]!)), 'help'];

export async function candidates(before: readonly string[], current: string): Promise<string[]> {
  const [first, ...rest] = before;
  if (first === undefined) return topLevel();
  if (first === 'help') return before.length === 1 ? topLevel() : subcommandsOf(before[1]!).map((c) => c.name.split(' ')[1]!);
  let spec = findCommand(first);
  let args = rest;
  if (!spec) {
    const subs = subcommandsOf(first);
    if (subs.length === 0) return [];
    if (rest.length === 0) return subs.map((c) => c.name.split(' ')[1]!);
    spec = findCommand(`${first} ${rest[0]}`);
    args = rest.slice(1);
    if (!spec) return [];
  }
  return forCommand(spec, args, current);
}

async function forCommand(spec: CommandSpec, args: readonly string[], current: string): Promise<string[]> {
  const options = [...spec.options, { name: 'help', description: '' } satisfies OptionSpec];
  const takesValue = (word: string): OptionSpec | undefined => {
    if (word.startsWith('--')) return options.find((o) => `--${o.name}` === word && o.value);
    // A short group like -it ends with its value-taking option, if any: -itp 80.
    return word.startsWith('-') && word.length > 1 ? options.find((o) => o.short === word[word.length - 1] && o.value) : undefined;
  };
  let positionals = 0;
  for (let i = 0; i < args.length; i++) {
    const word = args[i]!;
    if (word.startsWith('-') && word.length > 1) {
      if (takesValue(word) && !word.includes('=')) i++;
    } else {
      positionals++;
      // Past run's SANDBOX or exec's CONTAINER comes the container's own command: the shell's files.
      if (spec.stopAtPositional) return [];
    }
  }
  const previous = args[args.length - 1];
  const valueOf = previous === undefined ? undefined : takesValue(previous);
  if (valueOf && !previous!.includes('=')) return valueOf.complete ? names(valueOf.complete) : [];
  if (current.startsWith('-')) return options.flatMap((o) => [`--${o.name}`, ...(o.short ? [`-${o.short}`] : [])]);
  const operands = spec.operands ?? [];
  const kind = operands[Math.min(positionals, operands.length - 1)];
  return kind === undefined ? [] : names(kind);
}

async function names(kind: OperandKind | NonNullable<OptionSpec['complete']>): Promise<string[]> {
  if (typeof kind !== 'string') return [...kind];
  switch (kind) {
    case 'container': {
      const { createEngine } = await import('../engine/engine.js');
      return (await createEngine().store.list()).map((s) => s.name);
    }
    case 'network':
    case 'networks': {
      const { createEngine } = await import('../engine/engine.js');
      const { viewNetworks } = await import('../engine/network/networks.js');
      const found = (await viewNetworks(createEngine().paths)).map((v) => v.name);
      return kind === 'networks' ? [...found, 'none', 'host', 'container:'] : found;
    }
    case 'lesson': {
      const { listLessons } = await import('../lab/loader.js');
      return listLessons().map((l) => l.id);
    }
    case 'sandbox': {
      const { listSandboxes } = await import('../engine/rootfs/sandbox.js');
      return listSandboxes();
    }
    default:
      return [];
  }
}
