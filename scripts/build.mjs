// Builds the production bundle: dist/cli.js plus lazily loaded chunks, so the console pays
// only for the code its first frame needs.
import { build } from 'esbuild';
import { bundleOptions } from './bundle-options.mjs';
import { readFileSync, rmSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });

const common = {
  ...bundleOptions,
  define: { ...bundleOptions.define, CORTEX_OPS_VERSION: JSON.stringify(pkg.version) },
};

await build({
  ...common,
  entryPoints: { cli: 'src/cli.ts', 'envoy-standin': 'src/standin/main.ts' },
  outdir: 'dist',
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
});
