/**
 * Helpers for lesson tests: a runner on a fresh lab in an isolated env, the
 * lesson's JSON report from the real CLI, and lesson 1's host leftovers.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { createEngine } from '../../src/engine/engine.js';
import type { HeadlessReport } from '../../src/lab/headless.js';
import { loadLessonInfo, loadSteps, proseFor } from '../../src/lab/loader.js';
import { LabRunner } from '../../src/lab/runner.js';
import type { Lang, StepResult } from '../../src/lab/types.js';
import { tslab, type TslabEnv } from '../helpers/tslab.js';

export async function freshRunner(env: TslabEnv, id: string): Promise<LabRunner> {
  const runner = new LabRunner(createEngine({ ...env }, { trace: true }), await loadSteps(id));
  await runner.reset();
  return runner;
}

export async function runLesson(env: TslabEnv, args: string[]): Promise<{ report: HeadlessReport; exitCode: number; stderr: string }> {
  const result = await tslab(env, ['lesson', 'run', ...args, '--json'], { timeout: 100_000 });
  return { report: JSON.parse(result.stdout || '{"steps":[]}') as HeadlessReport, exitCode: result.exitCode, stderr: result.stderr };
}

/**
 * Lesson 1's netns and veths in this env, if any are left on the host: the
 * names are the engine's own (`tslab-<id>`, `tsl<id>`, `tslc<id>`), for the
 * ids this env's state and network records know.
 */
export function lesson1Leftovers(env: TslabEnv): string[] {
  const ids = new Set<string>();
  const containers = path.join(env.TSLAB_RUN_DIR, 'containers');
  const attachments = path.join(env.TSLAB_DATA_DIR, 'network', 'attachments');
  for (const id of existsSync(containers) ? readdirSync(containers) : []) ids.add(id);
  for (const file of existsSync(attachments) ? readdirSync(attachments) : []) ids.add(file.replace(/\.json$/, ''));
  return [...ids].flatMap((id) => [
    ...(existsSync(`/run/netns/tslab-${id}`) ? [`netns tslab-${id}`] : []),
    ...[`tsl${id}`, `tslc${id}`.slice(0, 15)].filter((link) => existsSync(`/sys/class/net/${link}`)).map((link) => `link ${link}`),
  ]);
}

/** Whether a netns or link of this name exists on the host (names a test saw in a transcript). */
export function onHost(name: string): boolean {
  return existsSync(`/run/netns/${name}`) || existsSync(`/sys/class/net/${name}`);
}

/** The commands in a step's ```sh blocks, in both languages (they must be the same). */
export function proseCommands(id: string, stepId: string): Record<Lang, string[]> {
  const info = loadLessonInfo(id);
  const blocks = (text: string) => [...text.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) => m[1]!.split('\n').map((l) => l.trim()).filter(Boolean));
  const of = (lang: Lang) => {
    const step = proseFor(info, lang).steps.find((s) => s.id === stepId);
    // A challenge's before-part says what to achieve, not how: its commands are in hint 3, the full solution.
    const challenge = /^(Challenge|挑战)[:：]/.test(step?.title ?? '');
    return [...blocks(step?.body ?? ''), ...(challenge ? blocks(step?.hints[2] ?? '') : [])];
  };
  return { en: of('en'), 'zh-CN': of('zh-CN') };
}

/** What tslab recorded for a step as commands (not notes, not the shim's syscalls), live names made variables. */
export function ranCommands(step: StepResult, vars: Record<string, string>): string[] {
  const names = Object.entries(vars).sort(([, a], [, b]) => b.length - a.length);
  return step.transcript
    .filter((e) => e.kind === 'command')
    .map((e) => names.reduce((text, [name, value]) => text.replaceAll(value, `$${name}`), e.text.split('\n')[0]!));
}
