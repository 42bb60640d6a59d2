/**
 * blessed and blessed-contrib, loaded with require (they are CommonJS and load
 * their widgets dynamically, so the bundle keeps them external), typed with the
 * few members the dashboard uses.
 */
import { createRequire } from 'node:module';

export interface Element {
  setLabel(text: string): void;
  hide(): void;
  show(): void;
  focus(): void;
}

export interface Gauge extends Element {
  /** 0..1: blessed-contrib reads a value under 1.001 as a fraction. */
  setPercent(fraction: number): void;
}

export interface LineSeries {
  title: string;
  x: string[];
  y: number[];
  style: { line: string };
}

export interface LineChart extends Element {
  setData(series: LineSeries[]): void;
}

export interface Table extends Element {
  setData(data: { headers: string[]; data: string[][] }): void;
  rows: { selected: number; on(event: 'select item', fn: (item: unknown, index: number) => void): void; select(index: number): void };
}

export interface Log extends Element {
  log(line: string): void;
}

export interface Screen {
  key(keys: string[], fn: () => void): void;
  render(): void;
  destroy(): void;
  on(event: 'resize', fn: () => void): void;
}

export interface Grid {
  set<T>(row: number, col: number, rowSpan: number, colSpan: number, widget: unknown, options: Record<string, unknown>): T;
}

interface Blessed {
  screen(options: Record<string, unknown>): Screen;
}

interface Contrib {
  grid: new (options: { rows: number; cols: number; screen: Screen }) => Grid;
  gauge: unknown;
  line: unknown;
  table: unknown;
  log: unknown;
}

const load = createRequire(import.meta.url);
export const blessed = load('blessed') as Blessed;
export const contrib = load('blessed-contrib') as Contrib;
