// The esbuild options every bundle of cortex-ops is built with; the startup benchmark
// builds its bare Ink baseline with the same ones.
export const bundleOptions = {
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
  define: { 'process.env.NODE_ENV': '"production"' },
  // Optional native accelerators that ssh2 and ink can live without.
  external: ['cpu-features', 'react-devtools-core', '*.node'],
};
