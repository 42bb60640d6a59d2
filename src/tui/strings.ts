/** The TUI's own words, in both languages (lesson text comes from the lessons). */
import type { Lang } from '../lab/types.js';

const en = {
  lessons: 'Lessons',
  notRoot: 'Not running as root: you can read the lessons, but running steps needs root (sudo tslab start).',
  listKeys: '↑↓ choose  enter open  l 中文  q quit',
  lessonKeys: 'n run ←→ step c check h hint s shell r reset p panel b back l 中文 q quit',
  predictFirst: 'Predict first: press the number of your answer.',
  predictKeys: 'your answer',
  youPredicted: 'You predicted',
  kernel: 'the kernel reports',
  right: 'right',
  wrong: 'not quite',
  running: 'running',
  replaying: 'replaying the steps before this one',
  checking: 'checking',
  checkOk: 'check passed',
  checkFail: 'check failed',
  hint: 'hint',
  resetDone: 'reset: everything this lesson made is removed',
  whatTslabDid: 'what tslab did',
  nothingYet: 'press n to run this step; its commands show here',
  quitAsk: 'Quit. Keep what the lessons made (k) or remove it (r)? Esc cancels.',
  removing: 'removing what the lessons made',
  steps: 'steps',
  done: 'done',
  error: 'error',
  panelsNone: 'no live panels for this step',
  lastStep: 'this was the last step: press b for the lesson list',
};

const zh: typeof en = {
  lessons: '课程',
  notRoot: '当前不是 root：可以阅读课程，但运行步骤需要 root（sudo tslab start）。',
  listKeys: '↑↓ 选择  回车 打开  l English  q 退出',
  lessonKeys: 'n 运行/下一步 ←→ 步骤 c 检查 h 提示 s shell r 重置 p 面板 b 返回 l En q 退出',
  predictFirst: '先预测：按下你选择的答案编号。',
  predictKeys: '你的答案',
  youPredicted: '你的预测',
  kernel: '内核的实际结果',
  right: '答对了',
  wrong: '不太对',
  running: '正在运行',
  replaying: '正在重放前面的步骤',
  checking: '正在检查',
  checkOk: '检查通过',
  checkFail: '检查未通过',
  hint: '提示',
  resetDone: '已重置：这一课创建的东西都已删除',
  whatTslabDid: 'tslab 做了什么',
  nothingYet: '按 n 运行这一步；它执行的命令会显示在这里',
  quitAsk: '退出。保留课程创建的东西（k）还是删除（r）？Esc 取消。',
  removing: '正在删除课程创建的东西',
  steps: '步骤',
  done: '完成',
  error: '错误',
  panelsNone: '这一步没有实时面板',
  lastStep: '这是最后一步：按 b 回到课程列表',
};

export type Strings = typeof en;

export function strings(lang: Lang): Strings {
  return lang === 'zh-CN' ? zh : en;
}
