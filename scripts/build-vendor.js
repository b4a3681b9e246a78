// The TUI's third-party modules (Ink, React and everything they import) bundled into a few files of
// dist/vendor/, and the import rewrite that makes the compiled TUI (dist/ui/tui/) load them. Loading
// Ink module by module (~100 files through Node's ESM resolver) took ~0.75 s of the TUI's first frame
// on the 2-core machines; the bundle loads in ~0.2 s. Sources keep importing 'ink' and 'react', so
// tests and tsx run them from node_modules as before; only the build is rewired.
import { build } from 'esbuild';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';

export const VENDOR_DIR = 'vendor';
/** The packages the TUI imports, and the file of dist/vendor/ each becomes. */
export const VENDORED = { ink: 'ink.js', react: 'react.js', 'react/jsx-runtime': 'react-jsx-runtime.js' };
/** Compiled sources that import VENDORED packages (the TUI). */
export const VENDOR_USERS_DIR = 'ui/tui/';

/** Entry module of a vendored package: ESM re-exports (a CommonJS package's export names listed). */
function entrySource(root, pkg) {
  if (pkg === 'ink') return "export * from 'ink';\n";
  const names = Object.keys(createRequire(join(root, 'package.json'))(pkg)).filter((n) => /^[A-Za-z_$][\w$]*$/.test(n));
  return `import * as m from '${pkg}';\nexport const { ${names.join(', ')} } = m;\n`;
}

/**
 * Builds dist/vendor/: one entry per VENDORED package, code splitting so that Ink and the TUI share
 * one copy of React. NODE_ENV is left to run time, as in node_modules (the TUI sets production).
 */
export async function buildVendor(root, dist) {
  const prefix = 'vendor-entry:';
  await build({
    absWorkingDir: root,
    entryPoints: Object.entries(VENDORED).map(([pkg, file]) => ({ in: prefix + pkg, out: file.slice(0, -3) })),
    outdir: join(dist, VENDOR_DIR),
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Ink loads its devtools only when DEV=true, and react-devtools-core is not installed: left as an import.
    external: ['react-devtools-core'],
    // CommonJS code in the bundle calls require() for Node built-ins.
    banner: {
      js: "import { createRequire as __vendorRequire } from 'node:module';\nconst require = __vendorRequire(import.meta.url);",
    },
    logLevel: 'warning',
    plugins: [
      {
        name: 'vendor-entries',
        setup(b) {
          b.onResolve({ filter: /^vendor-entry:/ }, (args) => ({
            path: args.path.slice(prefix.length),
            namespace: 'vendor-entry',
          }));
          b.onLoad({ filter: /.*/, namespace: 'vendor-entry' }, (args) => ({
            contents: entrySource(root, args.path),
            resolveDir: root,
            loader: 'js',
          }));
        },
      },
    ],
  });
}

/**
 * esbuild plugin for compiling VENDOR_USERS_DIR one file to one file (bundle mode, every import
 * external): imports of VENDORED packages, including the JSX runtime, point at dist/vendor/; every
 * other import stays as written.
 */
export function vendorImports(root, dist) {
  return {
    name: 'vendor-imports',
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind === 'entry-point') return undefined;
        const file = VENDORED[args.path];
        if (file === undefined) return { path: args.path, external: true };
        const outDir = join(root, dist, relative(root, dirname(args.importer)));
        return { path: relative(outDir, join(root, dist, VENDOR_DIR, file)), external: true };
      });
    },
  };
}
