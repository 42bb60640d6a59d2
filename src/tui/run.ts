/**
 * `tslab start`: builds the lab services, renders the App, and when the
 * learner asks for a shell, unmounts Ink, runs `tslab exec -it` (or
 * `ip netns exec`) on the same terminal, then renders the App again where it was.
 */
import path from 'node:path';
import { execa } from 'execa';
import { createElement } from 'react';
import { createEngine } from '../engine/engine.js';
import { TslabError } from '../engine/errors.js';
import { packageRoot } from '../engine/package-root.js';
import { flag, parseArgs, value } from '../cli/args.js';
import { pickLang } from '../lab/lang.js';
import { listLessons, loadSteps, proseFor } from '../lab/loader.js';
import { PanelSource } from '../lab/panels/source.js';
import { ProgressStore } from '../lab/progress.js';
import { LabRunner } from '../lab/runner.js';
import { findSandbox } from '../lab/sandbox.js';
import { listNetns } from '../engine/network/links.js';
import { startLearnerClient } from '../workshop/client/learner.js';
import type { LessonSteps } from '../lab/types.js';
import type { Outcome, Resume } from './App.js';
import { ServicesContext, type LabServices } from './services.js';
import { strings } from './strings.js';

const usage = 'tslab start [--lang en|zh-CN]';

export function createServices(): LabServices {
  const engine = createEngine(process.env, { trace: true });
  const stepsCache = new Map<string, Promise<LessonSteps>>();
  const workshop = startLearnerClient();
  return {
    ...(workshop ? { workshop } : {}),
    isRoot: process.geteuid?.() === 0,
    lessons: listLessons(),
    progress: new ProgressStore(),
    loadSteps(id) {
      let steps = stepsCache.get(id);
      if (!steps) stepsCache.set(id, (steps = loadSteps(id)));
      return steps;
    },
    runner: (lesson) => new LabRunner(engine, lesson),
    panels: (lesson) => new PanelSource(engine, lesson.target),
    async shellCommand(lesson) {
      const bin = path.join(packageRoot(), 'bin', 'tslab.js');
      if (lesson.target.container) {
        if (!(await findSandbox(engine, lesson.target.container))) {
          throw new TslabError('E_NO_SANDBOX', `the sandbox ${lesson.target.container} is not running yet`, { hint: 'run the first step (n) to start it' });
        }
        return [process.execPath, bin, 'exec', '-it', lesson.target.container, 'sh'];
      }
      const netns = lesson.target.netns;
      if (netns && (await listNetns()).includes(netns)) return ['ip', 'netns', 'exec', netns, 'sh'];
      throw new TslabError('E_NO_SANDBOX', `netns ${netns ?? '?'} does not exist yet`, { hint: 'run the first step (n) to create it' });
    },
  };
}

/** The lesson list as plain text, drawn before Ink has loaded (its import alone takes ~0.5 s on a small VM). */
function firstPaint(services: LabServices, lang: Resume['lang']): void {
  const lines = services.lessons.map((info) => {
    const prose = proseFor(info, lang);
    const done = services.progress.doneCount(info.id, prose.steps.map((s) => s.id));
    return `   ${info.id.padEnd(16)} ${`${done}/${prose.steps.length}`.padStart(5)}    ${prose.title}`;
  });
  process.stdout.write(`\x1b[2J\x1b[H tslab — build a Linux container, step by step\n ${strings(lang).lessons}\n${lines.join('\n')}\n`);
}

async function renderOnce(services: LabServices, resume: Resume): Promise<Outcome> {
  const { render } = await import('ink');
  const { App } = await import('./App.js');
  process.stdout.write('\x1b[2J\x1b[H');
  let outcome: Outcome = { kind: 'quit' };
  const app = createElement(App, { initial: resume, onExit: (o: Outcome) => (outcome = o) });
  const instance = render(createElement(ServicesContext.Provider, { value: services }, app), { exitOnCtrlC: true });
  await instance.waitUntilExit();
  return outcome;
}

export async function runStart(argv: string[]): Promise<number> {
  const args = parseArgs(argv, [{ name: 'lang', value: true }, { name: 'help' }], usage);
  if (flag(args, 'help')) {
    console.log(`usage: ${usage}`);
    return 0;
  }
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new TslabError('E_NO_TTY', 'tslab start needs a terminal', { hint: 'without one, run a lesson headless: tslab lesson run 01-netns' });
  }
  const services = createServices();
  let resume: Resume = { lang: pickLang(value(args, 'lang')), touched: [] };
  firstPaint(services, resume.lang);
  for (;;) {
    const outcome = await renderOnce(services, resume);
    if (outcome.kind === 'quit') return 0;
    const [tool, ...rest] = outcome.command;
    process.stdout.write('\n[tslab] a shell in the sandbox; type exit to go back to the lesson\n');
    await execa(tool!, rest, { stdio: 'inherit', reject: false, env: { ...process.env, PS1: '[sandbox] # ' } });
    resume = outcome.resume;
  }
}
