/**
 * lesson.md -> LessonProse. The format is fixed (lessons/README.md): front
 * matter with id/title/minutes, an intro, `## step-id` sections, and inside a
 * step at most one `### Predict` and one `### Try it yourself`. Problems are
 * collected, not thrown, so the course linter can list them all.
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
    const id = section.heading;
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id)) problems.push(`${file}: step id ${JSON.stringify(id)} is not kebab-case`);
    steps.push(parseStep(id, section.lines, file, problems));
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

function parseStep(id: string, lines: string[], file: string, problems: string[]): StepProse {
  const sub = splitSections(lines, '### ');
  const step: StepProse = { id, body: sub.before.join('\n').trim() };
  for (const part of sub.parts) {
    if (part.heading === 'Predict') {
      if (step.predict) problems.push(`${file}: step ${id} has more than one Predict`);
      step.predict = parsePredict(part.lines, `${file}: step ${id}`, problems);
    } else if (part.heading === 'Try it yourself') {
      if (step.tryIt !== undefined) problems.push(`${file}: step ${id} has more than one Try it yourself`);
      step.tryIt = part.lines.join('\n').trim();
    } else {
      problems.push(`${file}: step ${id} has an unknown heading ### ${part.heading}`);
    }
  }
  return step;
}

function parsePredict(lines: string[], where: string, problems: string[]): Predict {
  const content = lines.map((l) => l.trim()).filter(Boolean);
  const question = content[0] ?? '';
  if (!/[?？]$/.test(question)) problems.push(`${where}: the Predict question must end with ?`);
  const choices: string[] = [];
  let answer = -1;
  for (const line of content.slice(1)) {
    const match = /^- \[( |x)\] (.+)$/.exec(line);
    if (!match) {
      problems.push(`${where}: bad Predict choice ${JSON.stringify(line)}`);
      continue;
    }
    if (match[1] === 'x') {
      if (answer >= 0) problems.push(`${where}: Predict has more than one [x]`);
      answer = choices.length;
    }
    choices.push(match[2]!);
  }
  if (choices.length < 3) problems.push(`${where}: Predict needs three or more choices`);
  if (answer < 0) problems.push(`${where}: Predict has no [x] choice`);
  return { question, choices, answer: Math.max(answer, 0) };
}
