/** Writes docs/PARITY.md from lib/parity/peers.ts and the catalog (npm run docs:parity). */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { catalog } from '../lib/controls/index.js';
import { renderParityDoc } from '../lib/parity/doc.js';

const path = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'PARITY.md');
writeFileSync(path, renderParityDoc(catalog));
console.log(`Wrote ${path}.`);
