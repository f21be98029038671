/**
 * How every function is bundled: shared by infra/function.ts (NodejsFunction's esbuild) and
 * bench/bundles.ts (which builds each function the same way to print its size), so the bench
 * measures what is deployed.
 */

/** The Node.js version the bundles are built for (the runtime in infra/function.ts). */
export const BUNDLE_TARGET = 'node24';

/** esbuild's main fields: ESM builds of the dependencies first. */
export const BUNDLE_MAIN_FIELDS = ['module', 'main'];

// esbuild writes ESM; a few dependencies still call require() for Node built-ins, which an ES module
// lacks, so the bundle defines one.
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __aiEvidenceCreateRequire } from 'node:module'; const require = __aiEvidenceCreateRequire(import.meta.url);";

/** The aim for each function's bundle: minified, without its source map. */
export const BUNDLE_AIM_BYTES = 1_000_000;
