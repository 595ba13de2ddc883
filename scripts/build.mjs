// Builds the production bundle: dist/cli.js plus lazily loaded chunks, so the console pays
// only for the code its first frame needs.
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  minify: true,
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
  // Some dependencies are CommonJS and use require(), __filename or __dirname; every output
  // file (chunks too) gets them.
  banner: {
    js: [
      "import { createRequire as __cr } from 'node:module';",
      "import { fileURLToPath as __fu } from 'node:url';",
      "import { dirname as __dn } from 'node:path';",
      'const require = __cr(import.meta.url);',
      'const __filename = __fu(import.meta.url);',
      'const __dirname = __dn(__filename);',
    ].join(' '),
  },
  define: {
    CORTEX_OPS_VERSION: JSON.stringify(pkg.version),
    'process.env.NODE_ENV': '"production"',
  },
  // Optional native accelerators that ssh2 and ink can live without.
  external: ['cpu-features', 'react-devtools-core', '*.node'],
};

await build({
  ...common,
  entryPoints: { cli: 'src/cli.ts', 'envoy-standin': 'src/standin/main.ts' },
  outdir: 'dist',
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
});
