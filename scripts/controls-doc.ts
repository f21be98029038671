/** Writes docs/CONTROLS.md from the catalog (npm run docs:controls). */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { collectors } from '../lib/collectors/index.js';
import { renderControlsDoc } from '../lib/controls/doc.js';
import { catalog, catalogVersion } from '../lib/controls/index.js';

const path = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'CONTROLS.md');
writeFileSync(path, renderControlsDoc(catalog, collectors, catalogVersion));
console.log(`Wrote ${path}: ${catalog.length} controls.`);
