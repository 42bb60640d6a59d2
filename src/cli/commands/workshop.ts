/** `tslab workshop ...` (the instructor) and `tslab join` (a learner). */
import type { OptionSpec } from '../args.js';
import type { CommandSpec } from './types.js';

const instructorFile: OptionSpec = {
  name: 'instructor-file',
  value: 'FILE',
  description: "The instructor's record (URL and token) that serve wrote; default: serve's own",
  example: '--instructor-file /root/class.json',
  complete: 'files',
};

export const workshopServe: CommandSpec = {
  name: 'workshop serve',
  args: '--name NAME [OPTIONS]',
  summary: 'Open a workshop: prints the join code, the URL learners use, and the dashboard',
  options: [
    { name: 'name', value: 'NAME', description: "The workshop's name, shown on learners' status bars", example: "--name 'Containers 101'" },
    { name: 'lessons', value: 'ID,...', description: 'The lessons in scope (default: all)', example: '--lessons 01-netns,02-pid-uts-ipc' },
    { name: 'listen', value: 'ADDR:PORT', description: 'Where to listen (default 127.0.0.1:7420: this machine only)', example: '--listen 0.0.0.0:7420' },
    { name: 'database', value: 'FILE|postgres://...', description: 'SQLite file (default) or a PostgreSQL URL, for several servers sharing one class', example: '--database postgres://tslab@127.0.0.1/class' },
    { name: 'hours', value: 'H', description: 'How long the join code stays valid (default 8)', example: '--hours 3' },
    { name: 'public-url', value: 'URL', description: 'The URL learners reach this server at, when it differs from --listen (a load balancer)', example: '--public-url http://class.example:7420/' },
    instructorFile,
    { name: 'events-per-minute', value: 'N', description: "Each learner's rate limit", example: '--events-per-minute 300' },
    { name: 'stuck-minutes', value: 'N', description: 'Minutes on one step before a learner shows as stuck', example: '--stuck-minutes 5' },
  ],
  examples: ["tslab workshop serve --name 'Containers 101' --listen 0.0.0.0:7420"],
};

export const workshopDashboard: CommandSpec = {
  name: 'workshop dashboard',
  args: '[OPTIONS]',
  summary: 'The class, live, in this terminal (blessed-contrib)',
  options: [{ name: 'projector', description: 'No learner names, large high-contrast layout', example: '--projector' }, instructorFile],
  examples: ['tslab workshop dashboard', 'tslab workshop dashboard --projector'],
};

export const workshopReport: CommandSpec = {
  name: 'workshop report',
  args: '[OPTIONS]',
  summary: 'After the class: per step, per prediction and per learner',
  options: [
    { name: 'format', value: 'md|csv|json', description: 'Markdown (default), CSV or JSON', example: '--format csv', complete: ['md', 'csv', 'json'] },
    { name: 'anonymous', description: 'Leave out learner names', example: '--anonymous' },
    { name: 'out', value: 'FILE', description: 'Write to FILE instead of stdout', example: '--out report.md', complete: 'files' },
    instructorFile,
  ],
  examples: ['tslab workshop report --format csv --out class.csv'],
};

export const workshopMessage: CommandSpec = {
  name: 'workshop message',
  args: 'TEXT',
  summary: "Broadcast a message to every learner's status bar",
  options: [instructorFile],
  examples: ["tslab workshop message 'Break until 11:00'"],
};

export const workshopPace: CommandSpec = {
  name: 'workshop pace',
  args: 'N|off',
  summary: 'Lock the lessons after lesson N (off: no lock)',
  operands: [['off']],
  options: [instructorFile],
  examples: ['tslab workshop pace 2', 'tslab workshop pace off'],
};

export const workshopHint: CommandSpec = {
  name: 'workshop hint',
  args: 'LESSON STEP LEVEL',
  summary: 'Release a hint level to everyone on a step',
  operands: ['lesson'],
  options: [instructorFile],
  examples: ['tslab workshop hint 01-netns move-veth 2'],
};

export const join: CommandSpec = {
  name: 'join',
  args: 'URL/CODE [OPTIONS] | --status | --leave',
  summary: "Join a workshop: the lab reports your progress to the instructor",
  options: [
    { name: 'name', value: 'NAME', description: 'The name the instructor sees (default: your user name)', example: '--name alice' },
    { name: 'status', description: 'Whether the workshop is reachable; sends what is queued', example: 'tslab join --status' },
    { name: 'leave', description: 'Leave the workshop; your progress stays on this machine', example: 'tslab join --leave' },
  ],
  examples: ['tslab join http://127.0.0.1:7420/K7QX2M --name alice'],
};
