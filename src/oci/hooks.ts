/** OCI hooks: run on the host with the container's state JSON on stdin; a failing hook fails the operation. */
import { execa } from 'execa';
import { TslabError } from '../engine/errors.js';
import type { OciHook } from './config-types.js';
import type { OciState } from './records.js';

export async function runHooks(hooks: Record<string, OciHook[]>, names: string[], state: OciState): Promise<void> {
  for (const name of names) {
    for (const [i, hook] of (hooks[name] ?? []).entries()) {
      const [argv0, ...args] = hook.args ?? [hook.path];
      const result = await execa(hook.path, args, {
        argv0,
        env: Object.fromEntries((hook.env ?? []).map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)])),
        extendEnv: false,
        input: JSON.stringify(state),
        reject: false,
        ...(hook.timeout ? { timeout: hook.timeout * 1000 } : {}),
      });
      if (result.exitCode !== 0) {
        throw new TslabError('E_OCI_HOOK', `hooks.${name}[${i}] ${hook.path} failed (exit ${result.exitCode ?? 'by signal'}): ${String(result.stderr).trim()}`, {
          hint: 'fix the hook, or remove it from config.json',
        });
      }
    }
  }
}
