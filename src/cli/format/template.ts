/**
 * The part of Go's text/template that docker recipes use: `{{.Field}}`,
 * `{{.A.B}}`, `{{json .X}}`, `{{index .M "key"}}`, `{{join .L ","}}`,
 * `{{upper .S}}`, `{{lower .S}}`, `{{len .L}}`, string literals (`{{"\t"}}`),
 * `{{range .X}}...{{end}}` (over a list or a map's values) and
 * `{{if .X}}...{{else}}...{{end}}`, with `{{-`/`-}}` trimming. Values print as
 * Go prints them (`[a b]`, `map[k:v]`, `<no value>`), so a recipe's output
 * looks the same on tslab as on docker.
 */
import { TslabError } from '../../engine/errors.js';

type Node =
  | { kind: 'text'; text: string }
  | { kind: 'action'; expr: string }
  | { kind: 'range'; expr: string; body: Node[] }
  | { kind: 'if'; expr: string; then: Node[]; else: Node[] };

const formatError = (message: string, hint = 'fields look like {{.ID}} or {{.State.Pid}}; functions: json, index, join, upper, lower, len') =>
  new TslabError('E_FORMAT', `template: ${message}`, { hint });

/** Split into text and `{{ }}` actions, applying the `{{-` and `-}}` trims. */
function lex(source: string): Array<{ text: string } | { action: string }> {
  const out: Array<{ text: string } | { action: string }> = [];
  let rest = source;
  while (rest.length > 0) {
    const open = rest.indexOf('{{');
    if (open === -1) {
      out.push({ text: rest });
      break;
    }
    let text = rest.slice(0, open);
    const close = rest.indexOf('}}', open + 2);
    if (close === -1) throw formatError(`unclosed action in ${JSON.stringify(source)}`);
    let action = rest.slice(open + 2, close);
    if (action.startsWith('- ')) {
      text = text.trimEnd();
      action = action.slice(2);
    }
    rest = rest.slice(close + 2);
    if (action.endsWith(' -')) {
      action = action.slice(0, -2);
      rest = rest.trimStart();
    }
    if (text) out.push({ text });
    out.push({ action: action.trim() });
  }
  return out;
}

export function parseTemplate(source: string): Node[] {
  const tokens = lex(source);
  let i = 0;
  const block = (ends: string[]): { nodes: Node[]; end: string } => {
    const nodes: Node[] = [];
    while (i < tokens.length) {
      const token = tokens[i++]!;
      if ('text' in token) {
        nodes.push({ kind: 'text', text: token.text });
        continue;
      }
      const [word = '', ...restWords] = token.action.split(/\s+/);
      const expr = restWords.join(' ');
      if (ends.includes(word)) return { nodes, end: word };
      if (word === 'range') nodes.push({ kind: 'range', expr, body: block(['end']).nodes });
      else if (word === 'if') {
        const then = block(['else', 'end']);
        nodes.push({ kind: 'if', expr, then: then.nodes, else: then.end === 'else' ? block(['end']).nodes : [] });
      } else if (word === 'end' || word === 'else') throw formatError(`{{${word}}} without {{range}} or {{if}}`);
      else nodes.push({ kind: 'action', expr: token.action });
    }
    if (ends.length > 0) throw formatError(`{{range}} or {{if}} without {{end}} in ${JSON.stringify(source)}`);
    return { nodes, end: '' };
  };
  return block([]).nodes;
}

/** Words of an action: string literals keep their spaces and escapes. */
function words(expr: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|`([^`]*)`|(\S+)/g;
  // A `\t` typed in the format is already a tab here (render.ts), as in docker; JSON needs it escaped again.
  const literal = (body: string) => JSON.parse(`"${body.replaceAll('\t', '\\t').replaceAll('\n', '\\n')}"`) as string;
  for (const m of expr.matchAll(re)) out.push(m[1] !== undefined ? JSON.stringify(literal(m[1])) : m[2] !== undefined ? JSON.stringify(m[2]) : m[3]!);
  return out;
}

/** Header mode: a table's header row is the same template with each field replaced by its column title. */
export interface EvalOptions {
  headers?: (path: string[]) => string;
}

function field(data: unknown, path: string[], options: EvalOptions): unknown {
  if (options.headers) return options.headers(path);
  let value = data;
  for (const key of path) {
    if (value === null || typeof value !== 'object' || !(key in value)) {
      const keys = value !== null && typeof value === 'object' ? Object.keys(value).join(', ') : '';
      throw formatError(`can't evaluate field ${key}${keys ? '' : ` in ${JSON.stringify(value)}`}`, keys ? `fields here: ${keys}` : undefined);
    }
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function argument(word: string, data: unknown, options: EvalOptions): unknown {
  if (word.startsWith('"')) return JSON.parse(word);
  if (/^-?\d+(\.\d+)?$/.test(word)) return Number(word);
  if (word === '.') return options.headers ? '' : data;
  if (word.startsWith('.')) return field(data, word.slice(1).split('.'), options);
  throw formatError(`unexpected ${JSON.stringify(word)}`);
}

const functions: Record<string, (args: unknown[]) => unknown> = {
  json: ([v]) => JSON.stringify(v ?? null),
  index: ([v, ...keys]) => keys.reduce<unknown>((acc, k) => (acc !== null && typeof acc === 'object' ? (acc as Record<string, unknown>)[String(k)] : undefined), v),
  join: ([list, sep]) => (Array.isArray(list) ? list.map(show).join(String(sep ?? '')) : show(list)),
  upper: ([v]) => show(v).toUpperCase(),
  lower: ([v]) => show(v).toLowerCase(),
  len: ([v]) => (Array.isArray(v) ? v.length : v !== null && typeof v === 'object' ? Object.keys(v).length : show(v).length),
};

function evaluate(expr: string, data: unknown, options: EvalOptions): unknown {
  const [head, ...rest] = words(expr);
  if (head === undefined) throw formatError('empty action {{}}');
  const fn = functions[head];
  if (!fn) {
    if (rest.length > 0) throw formatError(`${JSON.stringify(head)} is not a function`);
    return argument(head, data, options);
  }
  const args = rest.map((w) => argument(w, data, options));
  return options.headers ? args.map(show).join(' ') : fn(args);
}

/** A value as Go's template package prints it. */
export function show(value: unknown): string {
  if (value === undefined || value === null) return '<no value>';
  if (Array.isArray(value)) return `[${value.map(show).join(' ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b));
    return `map[${entries.map(([k, v]) => `${k}:${show(v)}`).join(' ')}]`;
  }
  return String(value);
}

const truthy = (v: unknown): boolean => !(v === undefined || v === null || v === false || v === 0 || v === '' || (Array.isArray(v) && v.length === 0));

export function execute(nodes: Node[], data: unknown, options: EvalOptions = {}): string {
  let out = '';
  for (const node of nodes) {
    if (node.kind === 'text') out += node.text;
    else if (node.kind === 'action') out += show(evaluate(node.expr, data, options));
    else if (node.kind === 'if') out += execute(options.headers || truthy(evaluate(node.expr, data, options)) ? node.then : node.else, data, options);
    else {
      const over = options.headers ? [undefined] : evaluate(node.expr, data, options);
      const items = Array.isArray(over) ? over : over !== null && typeof over === 'object' ? Object.keys(over).sort().map((k) => (over as Record<string, unknown>)[k]) : [];
      for (const item of items) out += execute(node.body, item, options);
    }
  }
  return out;
}
