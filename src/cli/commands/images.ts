/** `tslab image ...`, export, commit, and the OCI runtime's command line. */
import { common, type CommandSpec } from './types.js';

export const imageLoad: CommandSpec = {
  name: 'image load',
  args: '[OPTIONS]',
  summary: 'Load images from a docker-save or OCI-layout tar (stdin without -i)',
  options: [
    { name: 'input', short: 'i', value: 'FILE.tar', description: 'Read the archive from FILE instead of stdin', example: 'tslab image load -i app.tar', complete: 'files' },
    { name: 'quiet', short: 'q', description: 'Print nothing on success', example: 'tslab image load -q -i app.tar' },
  ],
  examples: ['tslab image load -i app.tar', 'tslab image load < app.tar'],
};

export const imageLs: CommandSpec = {
  name: 'image ls',
  aliases: ['image list', 'images'],
  args: '[OPTIONS]',
  summary: 'List images: repository, tag, id, layers, size',
  options: [common.quiet('image ids', 'tslab image ls -q'), common.format("tslab image ls --format '{{.Repository}}:{{.Tag}} {{.ID}}'"), common.json('tslab image ls --json')],
  examples: ['tslab image ls', "tslab image ls --format 'table {{.Repository}}\\t{{.Size}}'"],
};

export const imageRm: CommandSpec = {
  name: 'image rm',
  aliases: ['image remove'],
  args: '[OPTIONS] IMAGE [IMAGE...]',
  summary: 'Remove images (by name:tag or id); layers another image uses stay',
  options: [{ name: 'force', short: 'f', description: 'Remove it even when a stopped container uses it', example: 'tslab image rm -f app:1' }],
  examples: ['tslab image rm app:1'],
};

export const imageInspect: CommandSpec = {
  name: 'image inspect',
  args: 'IMAGE [IMAGE...]',
  summary: "JSON: an image's config, layers and their overlay directories",
  options: [],
  examples: ['tslab image inspect app:1'],
};

export const imageImport: CommandSpec = {
  name: 'image import',
  args: 'FILE|- IMAGE[:TAG]',
  summary: "A flat root filesystem tar (tslab export's) as a one-layer image",
  options: [],
  examples: ['tslab export web > rootfs.tar && tslab image import rootfs.tar flat:1'],
};

export const exportCmd: CommandSpec = {
  name: 'export',
  args: '[OPTIONS] CONTAINER',
  summary: "A container's root filesystem (its merged view) as a tar",
  operands: ['container'],
  options: [{ name: 'output', short: 'o', value: 'FILE', description: 'Write to FILE instead of stdout', example: 'tslab export -o rootfs.tar web', complete: 'files' }],
  examples: ['tslab export web > rootfs.tar'],
};

export const commit: CommandSpec = {
  name: 'commit',
  args: 'CONTAINER IMAGE[:TAG]',
  summary: "A new image: the container's changes (its upper dir) as a layer on its image",
  operands: ['container'],
  options: [],
  examples: ['tslab commit web web:2'],
};

export const spec: CommandSpec = {
  name: 'spec',
  args: '[OPTIONS]',
  summary: 'Write a config.json for an OCI bundle, like `runc spec`',
  options: [
    { name: 'bundle', short: 'b', value: 'DIR', description: 'The bundle directory (default: here); its rootfs is DIR/rootfs', example: 'tslab spec --bundle ./b', complete: 'files' },
    { name: 'rootless', description: 'Refused: tslab runs containers as root', example: 'tslab spec --rootless' },
  ],
  examples: ['tslab spec --bundle ./b'],
};

export const oci: CommandSpec = {
  name: 'oci',
  args: '[--root DIR] [--log FILE] [--log-format text|json] COMMAND ...',
  summary: "runc's command line (create, start, state, kill, delete, exec, run, list); also the tslab-runtime executable",
  description:
    'What podman or containerd call as an OCI runtime, e.g. podman --runtime $(which tslab-runtime) run --rm IMAGE echo hi. Its commands: create --bundle DIR [--pid-file F] ID, start ID, state ID, kill ID [SIGNAL], delete [--force] ID, exec [--process FILE] ID [CMD...], run --bundle DIR ID, list [--format table|json].',
  options: [],
  examples: ['tslab oci run --bundle ./b demo', 'tslab oci state demo'],
};
