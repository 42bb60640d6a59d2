/** How the lesson screen divides the terminal; at 80x24 everything still fits. */
import type { Size } from './hooks/useTerminalSize.js';

export interface Layout {
  left: number;
  right: number;
  main: number;
  prose: number;
  panels: number;
  predict: number;
  transcript: number;
}

export function layout({ columns, rows }: Size, predictRows: number): Layout {
  const left = Math.max(16, Math.min(24, Math.floor(columns * 0.25)));
  const right = Math.max(20, columns - left - 1);
  const header = 1;
  const status = 2;
  const transcript = Math.max(3, Math.min(8, Math.floor(rows * 0.22)));
  const predict = predictRows > 0 && rows >= 18 ? predictRows : 0;
  const main = Math.max(4, rows - header - status - transcript - predict);
  const prose = Math.max(2, Math.floor(main * 0.4));
  return { left, right, main, prose, panels: Math.max(2, main - prose), predict, transcript };
}
