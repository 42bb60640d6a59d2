/**
 * A fake lab for the TUI tests: the real lessons' prose, fake steps that record
 * a command and flip a flag (checks read the flag), a panel source whose lines
 * change on every refresh, and a progress store in a temp file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { render } from 'ink-testing-library';
import type { Test } from 'tap';
import type { ReactElement } from 'react';
import { App, type Outcome } from '../../src/tui/App.js';
import { createEngine } from '../../src/engine/engine.js';
import { listLessons, proseFor } from '../../src/lab/loader.js';
import { fail, pass } from '../../src/lab/host-steps.js';
import { ProgressStore } from '../../src/lab/progress.js';
import { LabRunner } from '../../src/lab/runner.js';
import { LessonError, say } from '../../src/lab/said.js';
import type { LabContext, Lang, LessonSteps, PanelId } from '../../src/lab/types.js';
import { ServicesContext, type LabServices } from '../../src/tui/services.js';

export interface Fake {
  services: LabServices;
  done: Set<string>;
  calls: string[];
  cleanup(): void;
  wrap(tree: ReactElement): ReactElement;
}

export function fakeLab(options: { isRoot?: boolean; failStep?: string; challenge?: string; reveals?: string; longStep?: string } = {}): Fake {
  const dir = mkdtempSync(path.join(tmpdir(), 'tslab-tui-'));
  const done = new Set<string>();
  const calls: string[] = [];
  const lessons = listLessons();
  const engine = createEngine({ TSLAB_RUN_DIR: path.join(dir, 'run'), TSLAB_DATA_DIR: path.join(dir, 'data') });
  let refresh = 0;
  const fakeSteps = (id: string): LessonSteps => {
    const prose = proseFor(lessons.find((l) => l.id === id)!, 'en');
    const run = (s: { id: string }) => async (lab: LabContext) => {
      calls.push(`run ${s.id}`);
      if (s.id === options.failStep) throw new LessonError('E_FAKE', say(`cannot ${s.id}`, `做不了 ${s.id}`), say(`fix ${s.id} like this`, `这样修好 ${s.id}`));
      lab.engine.host.record('command', `ip fake ${s.id}`);
      lab.output(`output of ${s.id}`);
      lab.engine.host.record('command', `ip fake ${s.id} --again`);
      lab.output(s.id === options.longStep ? Array.from({ length: 30 }, (_, n) => `long line ${n + 1}`).join('\n') : `second output of ${s.id}`);
      done.add(s.id);
    };
    return {
      id,
      target: { netns: 'tslab-fake' },
      names: { NETNS: async () => 'tslab-fake', VETH_HOST: async () => 'tsl-fakeh', VETH_NS: async () => 'tsl-fakec' },
      steps: prose.steps.map((s, i) => ({
        id: s.id,
        panels: (i === 0 ? ['net', 'ns'] : ['net']) as PanelId[],
        ...(s.id === options.reveals ? { reveals: ['net'] as PanelId[] } : {}),
        ...(s.id === options.challenge ? { solve: run(s) } : { run: run(s) }),
        async check() {
          // Bilingual details, as the real lessons write them: each language shows its own.
          return done.has(s.id) ? pass(say(`kernel saw ${s.id}`, `内核看到了 ${s.id}`)) : fail(say(`${s.id} not done`, `${s.id} 还没做`));
        },
      })),
      async reset() {
        calls.push('reset');
        done.clear();
      },
    };
  };
  const services: LabServices = {
    isRoot: options.isRoot ?? true,
    lessons,
    progress: new ProgressStore(path.join(dir, 'progress.json')),
    loadSteps: async (id) => fakeSteps(id),
    runner: (lesson) => new LabRunner(engine, lesson),
    panels: () => ({
      async snapshot(ids) {
        refresh++;
        return ids.map((id) => ({ id, title: `${id} panel`, lines: [`${id} line one`, `${id} refresh ${refresh}`, ...[...done].map((d) => `${id} after ${d}`)] }));
      },
    }),
    memory: new Map(),
    async shellCommand(lesson, step, names) {
      calls.push(`shell ${lesson.id} ${step.id}`);
      return { command: ['sh', '-c', 'true'], env: names, where: step.shell ?? 'host' };
    },
  };
  return {
    services,
    done,
    calls,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
    wrap: (tree) => <ServicesContext.Provider value={services}>{tree}</ServicesContext.Provider>,
  };
}

export async function waitFor(read: () => string | undefined, test: (frame: string) => boolean, timeoutMs = 3000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const frame = read() ?? '';
    if (test(frame)) {
      await new Promise((resolve) => setTimeout(resolve, 50)); // let the new frame's key handlers attach
      return frame;
    }
    if (Date.now() > deadline) throw new Error(`timed out; last frame:\n${frame}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export const tick = (ms = 30) => new Promise((resolve) => setTimeout(resolve, ms));

/** The App on the lesson list, then lesson 1 opened; returns the rendered app once its keys work. */
export async function openLesson(t: Test, fake: Fake, onExit: (o: Outcome) => void = () => undefined, lang: Lang = 'en') {
  const app = render(fake.wrap(<App initial={{ lang, touched: [] }} onExit={onExit} />));
  t.teardown(() => app.unmount());
  await waitFor(app.lastFrame, (f) => f.includes('01-netns'));
  app.stdin.write('\r');
  await waitFor(app.lastFrame, (f) => f.includes('1/8') && /net panel|net: links/.test(f));
  await tick(100); // the lesson's key handler attaches after its first frame
  return app;
}

/** Send keys one at a time, each after the frame settled. */
export async function press(app: { stdin: { write(s: string): void } }, ...keys: string[]) {
  for (const key of keys) {
    app.stdin.write(key);
    await tick(60);
  }
}

/** The right-hand column's text (prose, panels) as one line: wrapped sentences can be matched whole. */
export const proseOf = (frame: string) =>
  frame
    .split('\n')
    .slice(1)
    .map((line) => line.slice(23).replace(/[↑↓]\s*$/, '').trim())
    .join(' ')
    .replace(/\s+/g, ' ');

/** Scroll the text (j, or k upwards) until `text` is on screen; the frame then. */
export async function scrollTo(app: { stdin: { write(s: string): void }; lastFrame(): string | undefined }, text: string, key = 'j'): Promise<string> {
  for (let i = 0; i < 40; i++) {
    const frame = app.lastFrame() ?? '';
    if (proseOf(frame).includes(text)) return frame;
    await press(app, key);
  }
  throw new Error(`${text} never scrolled into view; last frame:\n${app.lastFrame()}`);
}
