/**
 * The image config (OCI image spec, "application/vnd.oci.image.config.v1+json";
 * docker's is the same shape): what a container of this image runs by default.
 */
import { TslabError } from '../errors.js';

export interface ImageRunConfig {
  User?: string;
  Env?: string[];
  Entrypoint?: string[] | null;
  Cmd?: string[] | null;
  WorkingDir?: string;
  ExposedPorts?: Record<string, object>;
  Labels?: Record<string, string>;
  StopSignal?: string;
}

export interface ImageConfig {
  architecture?: string;
  os?: string;
  created?: string;
  config?: ImageRunConfig;
  rootfs: { type: 'layers'; diff_ids: string[] };
  history?: Array<{ created?: string; created_by?: string; comment?: string; empty_layer?: boolean }>;
}

/** Parse and check the parts of a config tslab relies on. */
export function parseImageConfig(data: Buffer, where: string): ImageConfig {
  let config: ImageConfig;
  try {
    config = JSON.parse(data.toString('utf8')) as ImageConfig;
  } catch (error) {
    throw new TslabError('E_IMAGE_BAD_CONFIG', `${where} is not valid JSON`, { cause: error, hint: 'the archive is corrupt, or not an image' });
  }
  const diffIds = config?.rootfs?.diff_ids;
  if (config?.rootfs?.type !== 'layers' || !Array.isArray(diffIds) || diffIds.some((d) => typeof d !== 'string')) {
    throw new TslabError('E_IMAGE_BAD_CONFIG', `${where} has no rootfs.diff_ids list`, { hint: 'an image config lists its layers\' digests under rootfs.diff_ids' });
  }
  if (config.os !== undefined && config.os !== 'linux') {
    throw new TslabError('E_IMAGE_PLATFORM', `${where} is an image for ${config.os}, not linux`, { hint: 'load a linux image' });
  }
  return config;
}

/** The command a container runs: the Entrypoint, then the user's CMD or else the image's Cmd (docker's rule). */
export function imageCommand(config: ImageRunConfig | undefined, userCommand: readonly string[]): string[] {
  const entrypoint = config?.Entrypoint ?? [];
  const cmd = userCommand.length > 0 ? [...userCommand] : (config?.Cmd ?? []);
  return [...entrypoint, ...cmd];
}

/** "80/tcp" style keys of ExposedPorts. */
export function exposedPorts(config: ImageRunConfig | undefined): string[] {
  return Object.keys(config?.ExposedPorts ?? {}).sort();
}
