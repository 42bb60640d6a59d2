/**
 * lesson.md -> LessonProse. The format is fixed (lessons/README.md): front
 * matter with id/title/minutes, an intro, `## step-id` sections, and inside a
 * step a before-part and at most one each of `### Predict` (choices with their
 * feedback), `### Explanation` (the after-part), `### Try it yourself` and
 * `### Hints` (1-2-3). Problems are collected, not thrown, so the course
 * linter can list them all.
 */
import type { LessonProse, Predict, StepProse } from './types.js';

export interface ParseResult {
  prose?: LessonProse;
  problems: string[];
}

export function parseLessonMarkdown(text: string, file = 'lesson.md'): ParseResult {
  const problems: string[] = [];
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  if (lines[0] !== '---') return { problems: [`${file}: must start with a --- front matter line`] };
  const end = lines.indexOf('---', 1);
  if (end < 0) return { problems: [`${file}: the front matter has no closing ---`] };
  const meta = new Map<string, string>();
  for (const line of lines.slice(1, end)) {
    const match = /^(\w+):\s*(.*)$/.exec(line);
    if (!match) problems.push(`${file}: bad front matter line ${JSON.stringify(line)}`);
    else meta.set(match[1]!, match[2]!.trim());
  }
  const minutes = Number(meta.get('minutes'));
  if (!meta.get('id') || !meta.get('title') || !Number.isInteger(minutes)) problems.push(`${file}: front matter needs id, title and a whole number of minutes`);

  const sections = splitSections(lines.slice(end + 1), '## ');
  const steps: StepProse[] = [];
  for (const section of sections.parts) {
    // `## step-id: Title`: the id matches steps.ts, the title is what the learner reads.
    const [id = '', ...rest] = section.heading.split(':');
    const title = rest.join(':').trim();
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id)) problems.push(`${file}: step id ${JSON.stringify(id)} is not kebab-case`);
    if (!title) problems.push(`${file}: step ${id} has no title (write ## ${id}: Title)`);
    steps.push({ ...parseStep(id, section.lines, file, problems), title });
  }
  const prose: LessonProse = { id: meta.get('id') ?? '', title: meta.get('title') ?? '', minutes, intro: sections.before.join('\n').trim(), steps };
  return { prose, problems };
}

interface Sections {
  before: string[];
  parts: Array<{ heading: string; lines: string[] }>;
}

/** Split on headings with this prefix, ignoring lines inside ``` fences. */
function splitSections(lines: string[], prefix: string): Sections {
  const result: Sections = { before: [], parts: [] };
  let fenced = false;
  for (const line of lines) {
    if (line.startsWith('```')) fenced = !fenced;
    if (!fenced && line.startsWith(prefix)) {
      result.parts.push({ heading: line.slice(prefix.length).trim(), lines: [] });
      continue;
    }
    const last = result.parts[result.parts.length - 1];
    (last ? last.lines : result.before).push(line);
  }
  return result;
}

export const SUBHEADINGS = ['Predict', 'Explanation', 'Try it yourself', 'Hints'] as const;

function parseStep(id: string, lines: string[], file: string, problems: string[]): StepProse {
  const sub = splitSections(lines, '### ');
  const step: StepProse = { id, title: '', body: sub.before.join('\n').trim(), after: '', hints: [] };
  const seen = new Set<string>();
  const where = `${file}: step ${id}`;
  for (const part of sub.parts) {
    if (!(SUBHEADINGS as readonly string[]).includes(part.heading)) {
      problems.push(`${where} has an unknown heading ### ${part.heading}`);
      continue;
    }
    if (seen.has(part.heading)) problems.push(`${where} has more than one ### ${part.heading}`);
    seen.add(part.heading);
    const text = part.lines.join('\n').trim();
    if (part.heading === 'Predict') step.predict = parsePredict(part.lines, where, problems);
    else if (part.heading === 'Explanation') step.after = text;
    else if (part.heading === 'Try it yourself') step.tryIt = text;
    else step.hints = parseHints(part.lines, where, problems);
  }
  return step;
}

/** `- [ ] choice` / `- [x] choice`, each followed by its feedback on indented lines. */
function parsePredict(lines: string[], where: string, problems: string[]): Predict {
  const content = lines.filter((l) => l.trim());
  const question = content[0]?.trim() ?? '';
  if (!/[?？]$/.test(question)) problems.push(`${where}: the Predict question must end with ?`);
  const choices: string[] = [];
  const feedback: string[] = [];
  let answer = -1;
  for (const line of content.slice(1)) {
    if (/^\s/.test(line) && choices.length) {
      const i = choices.length - 1;
      feedback[i] = `${feedback[i] ? `${feedback[i]} ` : ''}${line.trim()}`;
      continue;
    }
    const match = /^- \[( |x)\] (.+)$/.exec(line.trim());
    if (!match) {
      problems.push(`${where}: bad Predict choice ${JSON.stringify(line)}`);
      continue;
    }
    if (match[1] === 'x') {
      if (answer >= 0) problems.push(`${where}: Predict has more than one [x]`);
      answer = choices.length;
    }
    choices.push(match[2]!);
    feedback.push('');
  }
  if (choices.length < 3) problems.push(`${where}: Predict needs three or more choices`);
  if (answer < 0) problems.push(`${where}: Predict has no [x] choice`);
  choices.forEach((choice, i) => {
    if (!feedback[i]) problems.push(`${where}: Predict choice ${i + 1} (${JSON.stringify(choice)}) has no feedback line under it`);
  });
  return { question, choices, feedback, answer: Math.max(answer, 0) };
}

/** `1. ...`, `2. ...`, `3. ...`; an item goes on over indented lines (a code block too). */
function parseHints(lines: string[], where: string, problems: string[]): string[] {
  const hints: string[][] = [];
  for (const line of lines) {
    const match = /^(\d+)\. (.*)$/.exec(line);
    if (match) {
      if (Number(match[1]) !== hints.length + 1) problems.push(`${where}: hint ${match[1]} is out of order (expected ${hints.length + 1})`);
      hints.push([match[2]!]);
    } else if (hints.length) hints[hints.length - 1]!.push(line.replace(/^ {1,3}/, ''));
    else if (line.trim()) problems.push(`${where}: text before hint 1 in ### Hints: ${JSON.stringify(line)}`);
  }
  return hints.map((h) => h.join('\n').trim());
}
