/**
 * `tslab start`: builds the lab services, renders the App, and when the
 * learner asks for a shell, unmounts Ink, runs the shell on the same terminal
 * (on the host, or `tslab exec -it` / `ip netns exec` inside), then renders the
 * App again where it was, and the step is graded by its check.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createElement } from 'react';
import { createEngine } from '../engine/engine.js';
import { TslabError } from '../engine/errors.js';
import { packageRoot } from '../engine/package-root.js';
import { pickLang } from '../lab/lang.js';
import { listLessons, loadSteps, proseFor } from '../lab/loader.js';
import { PanelSource } from '../lab/panels/source.js';
import { ProgressStore } from '../lab/progress.js';
import { LabRunner } from '../lab/runner.js';
import { findSandbox } from '../lab/sandbox.js';
import { listNetns } from '../engine/network/ops.js';
import { startLearnerClient } from '../workshop/client/learner.js';
import type { LessonSteps } from '../lab/types.js';
import type { Outcome, Resume } from './App.js';
import { loadMarkdown } from './markdown.js';
import { ServicesContext, type LabServices, type ShellPlan } from './services.js';
import { strings } from './strings.js';

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
    memory: new Map(),
    async shellCommand(lesson, step, names) {
      const where = step.shell ?? 'host';
      if (where === 'host') return { command: interactiveShell(), env: names, where };
      // A network-only sandbox (lesson 1) has its named netns but no process to exec into.
      const state = lesson.target.container ? await engine.store.resolve(lesson.target.container).catch(() => undefined) : undefined;
      const named = state?.network?.netns;
      if (named && !state?.pid && (await listNetns()).includes(named)) return { command: ['ip', 'netns', 'exec', named, ...interactiveShell()], env: names, where };
      if (lesson.target.container) {
        if (!(await findSandbox(engine, lesson.target.container))) {
          throw new TslabError('E_NO_SANDBOX', `the sandbox ${lesson.target.container} is not running yet`, { hint: 'run the first step (n) to start it' });
        }
        const bin = path.join(packageRoot(), 'bin', 'tslab.js');
        const env = Object.entries({ ...names, PS1: SANDBOX_PROMPT }).flatMap(([name, value]) => ['-e', `${name}=${value}`]);
        return { command: [process.execPath, bin, 'exec', '-it', ...env, lesson.target.container, 'sh'], env: names, where };
      }
      const netns = lesson.target.netns;
      if (netns && (await listNetns()).includes(netns)) return { command: ['ip', 'netns', 'exec', netns, ...interactiveShell()], env: names, where };
      throw new TslabError('E_NO_SANDBOX', `netns ${netns ?? '?'} does not exist yet`, { hint: 'run the first step (n) to create it' });
    },
  };
}

const SANDBOX_PROMPT = '[tslab sandbox] # ';
const HOST_PROMPT = '[tslab host] # ';

/** bash without the learner's rc files (they would replace the prompt that says where this shell is), else sh. */
function interactiveShell(): string[] {
  return existsSync('/bin/bash') ? ['/bin/bash', '--norc', '--noprofile', '-i'] : ['sh', '-i'];
}

/**
 * Run the learner's shell on this terminal. spawnSync blocks Node's event loop
 * for as long as the shell runs, so nothing in this process reads the terminal
 * meanwhile: a read from a background process group is what crashed the lab
 * with EIO (or stopped it with SIGTTIN) when the shell returned after a while.
 */
function runShell(plan: ShellPlan, lang: Resume['lang']): void {
  if (process.stdin.isTTY) process.stdin.setRawMode(false);
  process.stdin.pause();
  const banner = strings(lang).shellBanner[plan.where];
  const names = Object.entries(plan.env).map(([name, value]) => `  $${name}=${value}`);
  process.stdout.write(`\x1b[2J\x1b[H[tslab] ${banner}\n${names.join('\n')}\n`);
  const [tool, ...args] = plan.command;
  spawnSync(tool!, args, { stdio: 'inherit', env: { ...process.env, ...plan.env, PS1: plan.where === 'host' ? HOST_PROMPT : SANDBOX_PROMPT } });
}

/** The lesson list as plain text, drawn before Ink has loaded (its import alone takes ~0.5 s on a small VM). */
function firstPaint(services: LabServices, lang: Resume['lang']): void {
  const lines = services.lessons.map((info) => {
    const prose = proseFor(info, lang);
    const done = services.progress.doneCount(info.id, prose.steps.map((s) => s.id));
    return `   ${info.id.padEnd(16)} ${`${done}/${prose.steps.length}`.padStart(5)}    ${prose.title}`;
  });
  process.stdout.write(`\x1b[2J\x1b[H ${strings(lang).appTitle}\n ${strings(lang).lessons}\n${lines.join('\n')}\n`);
}

async function renderOnce(services: LabServices, resume: Resume): Promise<Outcome> {
  const { render } = await import('ink');
  const { App } = await import('./App.js');
  // The Markdown renderer is ready before the first frame: no raw fences on screen.
  await loadMarkdown();
  process.stdout.write('\x1b[2J\x1b[H');
  let outcome: Outcome = { kind: 'quit' };
  const app = createElement(App, { initial: resume, onExit: (o: Outcome) => (outcome = o) });
  const instance = render(createElement(ServicesContext.Provider, { value: services }, app), { exitOnCtrlC: true });
  await instance.waitUntilExit();
  return outcome;
}

/** The lab, until the learner quits; `lang` as given by `--lang` (validated by pickLang). */
export async function runStart(options: { lang?: string | undefined }): Promise<number> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new TslabError('E_NO_TTY', 'tslab start needs a terminal', { hint: 'without one, run a lesson headless: tslab lesson run 01-netns' });
  }
  const services = createServices();
  let resume: Resume = { lang: pickLang(options.lang), touched: [] };
  firstPaint(services, resume.lang);
  for (;;) {
    const outcome = await renderOnce(services, resume);
    if (outcome.kind === 'quit') return 0;
    runShell(outcome.plan, outcome.resume.lang);
    resume = outcome.resume;
  }
}
