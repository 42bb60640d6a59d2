/**
 * A fake lab for the TUI tests: the real lessons' prose, fake steps that record
 * a command and flip a flag (checks read the flag), a panel source whose lines
 * change on every refresh, and a progress store in a temp file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ReactElement } from 'react';
import { TslabError } from '../../src/engine/errors.js';
import { createEngine } from '../../src/engine/engine.js';
import { listLessons, proseFor } from '../../src/lab/loader.js';
import { ProgressStore } from '../../src/lab/progress.js';
import { LabRunner } from '../../src/lab/runner.js';
import type { LessonSteps, PanelId } from '../../src/lab/types.js';
import { ServicesContext, type LabServices } from '../../src/tui/services.js';

export interface Fake {
  services: LabServices;
  done: Set<string>;
  calls: string[];
  cleanup(): void;
  wrap(tree: ReactElement): ReactElement;
}

export function fakeLab(options: { isRoot?: boolean; failStep?: string } = {}): Fake {
  const dir = mkdtempSync(path.join(tmpdir(), 'tslab-tui-'));
  const done = new Set<string>();
  const calls: string[] = [];
  const lessons = listLessons();
  const engine = createEngine({ TSLAB_RUN_DIR: path.join(dir, 'run'), TSLAB_DATA_DIR: path.join(dir, 'data') });
  let refresh = 0;
  const fakeSteps = (id: string): LessonSteps => {
    const prose = proseFor(lessons.find((l) => l.id === id)!, 'en');
    return {
      id,
      target: { netns: 'tslab-fake' },
      steps: prose.steps.map((s, i) => ({
        id: s.id,
        panels: (i === 0 ? ['net', 'ns'] : ['net']) as PanelId[],
        async run(lab) {
          calls.push(`run ${s.id}`);
          if (s.id === options.failStep) throw new TslabError('E_FAKE', `cannot ${s.id}`, { hint: `fix ${s.id} like this` });
          lab.engine.host.record('command', `ip fake ${s.id}`);
          lab.output(`output of ${s.id}`);
          done.add(s.id);
        },
        async check() {
          return done.has(s.id) ? { ok: true, detail: `kernel saw ${s.id}` } : { ok: false, detail: `${s.id} not done` };
        },
        hint: { en: `hint for ${s.id}`, 'zh-CN': `${s.id} 的提示` },
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
    async shellCommand(lesson) {
      calls.push(`shell ${lesson.id}`);
      return ['sh', '-c', 'true'];
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
