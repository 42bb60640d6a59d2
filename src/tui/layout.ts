/** How the lesson screen divides the terminal; at 80x24 everything still fits, below MIN it says so. */
import type { Size } from './hooks/useTerminalSize.js';

export const MIN = { columns: 70, rows: 20 } as const;

export interface Layout {
  left: number;
  right: number;
  main: number;
  prose: number;
  panels: number;
  predict: number;
  transcript: number;
  /** Rows of the status message (a long one wraps to two). */
  message: number;
}

export const tooSmall = ({ columns, rows }: Size) => columns < MIN.columns || rows < MIN.rows;

export function layout({ columns, rows }: Size, predictRows: number): Layout {
  const left = Math.max(16, Math.min(28, Math.floor(columns * 0.22)));
  const right = Math.max(20, columns - left - 1);
  const header = 1;
  const message = rows >= 30 ? 2 : 1;
  const status = message + 1;
  // Taller terminals give the transcript more room rather than leaving blank rows.
  const transcript = Math.max(3, Math.min(14, Math.floor(rows * 0.24)));
  const predict = predictRows;
  const main = Math.max(4, rows - header - status - transcript - predict);
  const prose = Math.max(3, Math.floor(main * 0.55));
  return { left, right, main, prose, panels: Math.max(2, main - prose), predict, transcript, message };
}
