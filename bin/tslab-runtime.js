#!/usr/bin/env node
// The runc-compatible OCI runtime (src/oci/): `tslab-runtime ARGS` is `tslab oci ARGS`,
// a separate executable so podman and containerd can be pointed at it (--runtime PATH).
const { main } = await import('../dist/bundle/main.js');

process.exitCode = await main(['oci', ...process.argv.slice(2)]);
