/**
 * The runtime's own records, one directory per container under --root
 * (default: the run dir's oci/), beside the engine's state: which engine
 * container an OCI id is, its bundle, and the holder process that keeps a
 * created container waiting for `start`. The status reported is the runtime
 * spec's, worked out from the engine's state and the kernel.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Engine } from '../engine/engine.js';
import { TslabError } from '../engine/errors.js';
import { readJson, writeJsonAtomic } from '../engine/json-files.js';
import { containerProcessAlive } from '../engine/lifecycle/liveness.js';
import { reapContainer } from '../engine/lifecycle/reap.js';
import { isSameProcess } from '../engine/observe/proc.js';
import type { ContainerState } from '../engine/state.js';

export interface RuntimeRecord {
  id: string;
  bundle: string;
  /** The engine container's id (tslab ps shows it). */
  engineId?: string;
  holderPid?: number;
  /** creating until the holder reports the process exists and waits. */
  phase: 'creating' | 'created' | 'started';
  created: string;
  annotations: Record<string, string>;
}

export type OciStatus = 'creating' | 'created' | 'running' | 'paused' | 'stopped';

export interface OciState {
  ociVersion: string;
  id: string;
  status: OciStatus;
  pid: number;
  bundle: string;
  created: string;
  annotations: Record<string, string>;
}

export const OCI_VERSION = '1.0.2';
const ID = /^[a-zA-Z0-9][a-zA-Z0-9_.+-]{0,127}$/;

export function validateId(id: string | undefined): string {
  if (id === undefined || !ID.test(id)) {
    throw new TslabError('E_OCI_ID', `invalid container id ${JSON.stringify(id ?? '')}`, { hint: 'ids are letters, digits, _ . + and -, starting with a letter or digit' });
  }
  return id;
}

export const recordDir = (root: string, id: string): string => path.join(root, id);
export const controlSocket = (root: string, id: string): string => path.join(recordDir(root, id), 'ctl.sock');

export async function readRecord(root: string, id: string): Promise<RuntimeRecord> {
  const record = await readJson<RuntimeRecord>(path.join(recordDir(root, validateId(id)), 'state.json'));
  if (!record) throw new TslabError('E_OCI_NO_CONTAINER', `container ${id} does not exist`, { hint: 'see `tslab-runtime list`' });
  return record;
}

export async function writeRecord(root: string, record: RuntimeRecord): Promise<void> {
  await writeJsonAtomic(path.join(recordDir(root, record.id), 'state.json'), record);
}

export async function removeRecord(root: string, id: string): Promise<void> {
  await rm(recordDir(root, id), { recursive: true, force: true });
}

/** The engine container behind a record, reaped if it ended unwatched; undefined once gone. */
export async function engineState(engine: Engine, record: RuntimeRecord): Promise<ContainerState | undefined> {
  if (!record.engineId) return undefined;
  const state = await engine.store.read(record.engineId);
  if (!state || state.status === 'stopped') return state;
  return reapContainer(engine, record.engineId);
}

export async function ociState(engine: Engine, record: RuntimeRecord): Promise<OciState> {
  const state = await engineState(engine, record);
  const holderAlive = isSameProcess(record.holderPid, undefined);
  let status: OciStatus;
  if (record.phase === 'creating') status = holderAlive ? 'creating' : 'stopped';
  else if (!state || state.status === 'stopped' || !containerProcessAlive(state)) status = 'stopped';
  else if (record.phase === 'created') status = holderAlive ? 'created' : 'stopped';
  else status = state.status === 'paused' ? 'paused' : 'running';
  return {
    ociVersion: OCI_VERSION,
    id: record.id,
    status,
    pid: status === 'stopped' || status === 'creating' ? 0 : (state?.pid ?? 0),
    bundle: record.bundle,
    created: record.created,
    annotations: record.annotations,
  };
}
