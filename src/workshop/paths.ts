/**
 * Where workshop files live on each side: the learner's join record and event
 * queue beside their progress file, the instructor's database and token file
 * in the same state directory (TSLAB_STATE_DIR, else the data dir under
 * tests, else ~/.local/state/tslab).
 */
import { homedir } from 'node:os';
import path from 'node:path';

export function workshopDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.TSLAB_STATE_DIR) return env.TSLAB_STATE_DIR;
  if (env.TSLAB_DATA_DIR) return path.join(env.TSLAB_DATA_DIR, 'workshop');
  return path.join(env.XDG_STATE_HOME || path.join(env.HOME || homedir(), '.local', 'state'), 'tslab');
}

export const learnerFile = (dir = workshopDir()) => path.join(dir, 'workshop-learner.json');
export const queueFile = (dir = workshopDir()) => path.join(dir, 'workshop-queue.jsonl');
export const queueCursorFile = (dir = workshopDir()) => path.join(dir, 'workshop-queue.sent');
export const instructorFile = (dir = workshopDir()) => path.join(dir, 'workshop-instructor.json');
export const defaultDatabase = (dir = workshopDir()) => path.join(dir, 'workshop.sqlite');
