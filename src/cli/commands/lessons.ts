/** The lessons: the TUI, the list, and running one headless. */
import type { CommandSpec } from './types.js';

const lang = { name: 'lang', value: 'LANG', description: 'Language of the lessons (default follows LANG)', example: '--lang zh-CN', complete: ['en', 'zh-CN'] } as const;

export const start: CommandSpec = {
  name: 'start',
  args: '[OPTIONS]',
  summary: 'The lessons, step by step, with live kernel panels',
  options: [lang, { name: 'join', value: 'URL/CODE', description: 'Join a workshop first; the lab then reports your progress to the class', example: 'tslab start --join http://127.0.0.1:7420/K7QX2M' }],
  examples: ['tslab start', 'tslab start --lang zh-CN'],
};

export const lessons: CommandSpec = {
  name: 'lessons',
  args: '[list|lint|map]',
  summary: 'The lessons and your progress; lint checks the course; map shows what each lesson covers',
  operands: [['list', 'lint', 'map']],
  options: [lang],
  examples: ['tslab lessons', 'tslab lessons lint', 'tslab lessons map --lang zh-CN'],
};

export const lesson: CommandSpec = {
  name: 'lesson',
  args: 'run LESSON [OPTIONS]',
  summary: 'Run a lesson without a terminal UI (CI, projectors, scripts)',
  operands: [['run'], 'lesson'],
  options: [
    { name: 'step', value: 'N', description: 'Run the steps up to N only', example: '--step 2' },
    { name: 'answer', value: 'N[,N...]|STEP=N,...', description: "The choices to take at the steps' questions, in order or per step (none: the answer is only shown)", example: '--answer 2,1 or --answer 1=2,5=1' },
    { name: 'json', description: 'Print the report as JSON', example: 'tslab lesson run 01-netns --json' },
    lang,
    { name: 'keep', description: 'Leave what the lesson made, to look at it (tslab gc removes it)', example: '--keep' },
    { name: 'prose', description: "Print each step's text too", example: '--prose' },
  ],
  examples: ['tslab lesson run 01-netns', 'tslab lesson run 03-cgroups --step 2 --json'],
};
