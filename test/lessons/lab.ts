/**
 * Helpers for lesson tests: a runner on a fresh lab in an isolated env, the
 * lesson's JSON report from the real CLI, a lock so the two test files that use
 * lesson 1's fixed netns never run it at once, and lesson 1's host leftovers.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createEngine } from '../../src/engine/engine.js';
import type { HeadlessReport } from '../../src/lab/headless.js';
import { loadSteps } from '../../src/lab/loader.js';
import { LabRunner } from '../../src/lab/runner.js';
import { sleep, tslab, type TapLike, type TslabEnv } from '../helpers/tslab.js';

export async function freshRunner(env: TslabEnv, id: string): Promise<LabRunner> {
  const runner = new LabRunner(createEngine({ ...env }, { trace: true }), await loadSteps(id));
  await runner.reset();
  return runner;
}

export async function runLesson(env: TslabEnv, args: string[]): Promise<{ report: HeadlessReport; exitCode: number; stderr: string }> {
  const result = await tslab(env, ['lesson', 'run', ...args, '--json'], { timeout: 100_000 });
  return { report: JSON.parse(result.stdout || '{"steps":[]}') as HeadlessReport, exitCode: result.exitCode, stderr: result.stderr };
}

const LOCK = path.join(tmpdir(), 'tslab-test-lesson1.lock');

function holderAlive(): boolean {
  try {
    process.kill(Number(readFileSync(path.join(LOCK, 'pid'), 'utf8')), 0);
    return true;
  } catch {
    return false;
  }
}

/** Lesson 1 uses fixed host names (tslab-lesson1, tsl-l1h): one test file at a time. */
export async function lockLesson1(t: TapLike): Promise<void> {
  for (let i = 0; ; i++) {
    try {
      mkdirSync(LOCK);
      writeFileSync(path.join(LOCK, 'pid'), String(process.pid));
      break;
    } catch {
      if (i > 20 && !holderAlive()) rmSync(LOCK, { recursive: true, force: true });
      if (i > 1200) throw new Error('lesson 1 lock held for 2 minutes');
      await sleep(100);
    }
  }
  t.teardown(() => rmSync(LOCK, { recursive: true, force: true }));
}

/** Lesson 1's netns and links, if any are left on the host. */
export function lesson1Leftovers(): string[] {
  const netns = execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' }).split('\n').map((l) => l.split(' ')[0] ?? '').filter((n) => n.startsWith('tslab-lesson'));
  const links = execFileSync('ip', ['-o', 'link', 'show'], { encoding: 'utf8' }).split('\n').map((l) => l.split(': ')[1]?.split('@')[0] ?? '').filter((n) => n.startsWith('tsl-l'));
  return [...netns.map((n) => `netns ${n}`), ...links.map((l) => `link ${l}`)];
}
