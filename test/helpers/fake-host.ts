/**
 * A recording fake of the engine's host seam (youki's test.rs idea): host tools
 * are not run, kernel files are not written; each call is kept so a unit test
 * can assert what the engine would have done, without root.
 */
import path from 'node:path';
import type { Test } from 'tap';
import { createEngine, type Engine } from '../../src/engine/engine.js';
import type { HostCommands, HostResult } from '../../src/engine/host.js';

export interface RecordedCall {
  tool: string;
  args: string[];
  input: string;
}

export class RecordingCommands implements HostCommands {
  readonly calls: RecordedCall[] = [];
  readonly writes: Array<{ path: string; value: string }> = [];

  /** `answer` gives a tool's result; by default every command succeeds with no output. */
  constructor(private readonly answer: (call: RecordedCall) => Partial<HostResult> | undefined = () => undefined) {}

  async run(tool: string, args: readonly string[], input: string): Promise<HostResult> {
    const call = { tool, args: [...args], input };
    this.calls.push(call);
    return { stdout: '', stderr: '', exitCode: 0, ...this.answer(call) };
  }

  async writeFile(file: string, value: string): Promise<void> {
    this.writes.push({ path: file, value });
  }

  /** Each call as the command line it stands for (`ip -batch -`, stdin left out). */
  lines(): string[] {
    return this.calls.map((c) => [c.tool, ...c.args].join(' '));
  }
}

/** An engine whose state lives in a fresh test directory and whose host is `commands`. */
export function fakeEngine(t: Test, commands = new RecordingCommands()): { engine: Engine; commands: RecordingCommands; dir: string } {
  const dir = t.testdir();
  const engine = createEngine(
    {
      TSLAB_RUN_DIR: path.join(dir, 'run'),
      TSLAB_DATA_DIR: path.join(dir, 'data'),
      TSLAB_CGROUP_PARENT: `tslab-unit-${process.pid}`,
      TSLAB_BRIDGE: 'tslunit0',
      TSLAB_SUBNET: '10.251.0.0/24',
      TSLAB_CHAIN_PREFIX: 'TSLAB-UNIT',
    },
    { commands },
  );
  return { engine, commands, dir };
}
