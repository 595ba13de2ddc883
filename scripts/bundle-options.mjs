// The esbuild options every bundle of cortex-ops is built with; the startup benchmark
// builds its bare Ink baseline with the same ones.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const FAST_PATH = fileURLToPath(new URL('../src/ui/narrow-width.ts', import.meta.url));

/** Whether the bundle gives a string-width version the fast path of src/ui/narrow-width.ts. */
export function wrapsStringWidth(version) {
  // Version 7 counts text-presentation emoji such as a bare check mark as two columns.
  return Number(version.split('.')[0]) >= 8;
}

function packageVersion(file) {
  for (let dir = path.dirname(file); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    try {
      return JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).version;
    } catch {
      // not the package root yet
    }
  }
  return '0.0.0';
}

// Every ESM import of string-width 8 gets the fast path for one-column symbols.
const narrowWidth = {
  name: 'narrow-width',
  setup(build) {
    build.onResolve({ filter: /^string-width$/ }, async (args) => {
      if (args.kind !== 'import-statement' || args.pluginData?.real) return undefined;
      const real = await build.resolve(args.path, {
        kind: args.kind, importer: args.importer, resolveDir: args.resolveDir,
        pluginData: { real: true },
      });
      if (real.errors.length || !wrapsStringWidth(packageVersion(real.path))) return undefined;
      return { path: real.path, namespace: 'narrow-width' };
    });
    build.onLoad({ filter: /.*/, namespace: 'narrow-width' }, (args) => ({
      contents: [
        `import real from ${JSON.stringify(args.path)};`,
        `import { withNarrowFastPath } from ${JSON.stringify(FAST_PATH)};`,
        'export default withNarrowFastPath(real);',
      ].join('\n'),
      resolveDir: path.dirname(args.path),
      loader: 'js',
    }));
  },
};

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
  plugins: [narrowWidth],
};
