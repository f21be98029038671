/**
 * `npm run bench:range`: what verification and export of the newest run cost as the store grows.
 * One region of the demo estate is sealed into a local store as a chain of runs; the store is read
 * through a wrapper that counts GETs and adds a fixed latency to each, standing in for S3. Each
 * figure is printed beside what it is compared to in the same run:
 *
 * - `assess`'s check after sealing (the new run in full, the rest by statements) against the whole
 *   store in full (what it did before), at 10 and at 100 runs;
 * - export of the newest run (range check, then the bundle) at 10 and at 100 runs;
 * - the wall time of a full check of one run against its GETs times the latency (one GET after
 *   another, as verification read before).
 *
 *   npm run bench:range                     10 and 100 runs, 5 ms a GET
 *   npm run bench:range -- --runs 10,50 --latency-ms 20
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { demoEstate, estateClients, estateScopes } from '../lib/demo/estate.js';
import { writeBundle } from '../lib/export/bundle.js';
import { assess } from '../lib/pipeline/assess.js';
import { loadOrCreateLocalSigner } from '../lib/seal/local-signer.js';
import { runsCheckedInFull, verifyStore } from '../lib/seal/verify.js';
import { LocalFolderStore } from '../lib/store/local.js';
import type { EvidenceStore } from '../lib/store/types.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '10,100' }, 'latency-ms': { type: 'string', default: '5' } },
});
const sizes = (values.runs as string).split(',').map(Number);
const latencyMs = Number(values['latency-ms']);
if (sizes.some((n) => !Number.isInteger(n) || n < 1) || !(latencyMs >= 0)) {
  throw new Error('--runs takes whole numbers (e.g. 10,100) and --latency-ms a number of milliseconds.');
}

/** The store behind a fixed latency per GET, counting GETs. */
function remote(store: EvidenceStore): { store: EvidenceStore; gets: () => number; reset: () => void } {
  let gets = 0;
  const wait = () => new Promise((r) => setTimeout(r, latencyMs));
  return {
    gets: () => gets,
    reset: () => {
      gets = 0;
    },
    store: {
      location: store.location,
      put: (key, bytes) => store.put(key, bytes),
      get: async (key) => {
        gets++;
        await wait();
        return store.get(key);
      },
      list: async (prefix) => {
        await wait();
        return store.list(prefix);
      },
      listRuns: async () => {
        await wait();
        return store.listRuns();
      },
    },
  };
}

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const start = performance.now();
  const value = await fn();
  return { value, seconds: (performance.now() - start) / 1000 };
}

const fmt = (s: number) => `${s.toFixed(2)} s`;
const dir = await mkdtemp(join(tmpdir(), 'ai-evidence-bench-range-'));
try {
  const local = new LocalFolderStore(join(dir, 'evidence'));
  const { signer } = await loadOrCreateLocalSigner(join(dir, 'key', 'signing-key.pem'));
  const scopes = estateScopes(demoEstate).filter((s) => s.region === 'ap-southeast-2');
  const { store, gets, reset } = remote(local);
  let sealed = 0;
  let newest = '';
  let newestStart = new Date();
  console.log(`One region of the demo estate a run; every GET and list waits ${latencyMs} ms (standing in for S3).`);
  for (const size of sizes.sort((a, b) => a - b)) {
    const sealStart = performance.now();
    while (sealed < size) {
      const run = await assess({ store: local, signer, scopes, clientsFor: (a) => estateClients(demoEstate, a) });
      newest = run.runId;
      newestStart = new Date(run.startedAt);
      sealed++;
    }
    const objects = (await local.list(`runs/${newest}/`)).length;
    console.log(
      `\n${size} runs in the store (sealed to ${size} in ${fmt((performance.now() - sealStart) / 1000)}; ${objects} objects a run)`,
    );

    reset();
    const ranged = await timed(() => verifyStore(store, { allowIncomplete: true, inFull: ({ runId }) => runId === newest }));
    const rangedGets = gets();
    reset();
    const whole = await timed(() => verifyStore(store, { allowIncomplete: true }));
    const wholeGets = gets();
    if (!ranged.value.ok || !whole.value.ok) throw new Error('The bench store does not verify.');
    console.log(
      `  check after assess, new run in full + statements: ${fmt(ranged.seconds)}, ${rangedGets} GET   vs whole store in full: ${fmt(whole.seconds)}, ${wholeGets} GET`,
    );
    const serialFloor = (objects * latencyMs) / 1000;
    const oneRun = await timed(() => verifyStore(store, { inFull: ({ runId }) => runId === newest }));
    console.log(
      `  full check of one run (${objects} objects), reads 16 in flight: ${fmt(oneRun.seconds)}   vs one GET after another: at least ${objects} x ${latencyMs} ms = ${fmt(serialFloor)}`,
    );

    reset();
    const exported = await timed(async () => {
      const verification = await verifyStore(store, {
        allowIncomplete: true,
        inFull: ({ startedAt }) => Date.parse(startedAt) >= newestStart.getTime(),
      });
      if (!verification.ok) throw new Error('The bench store does not verify.');
      const runIds = runsCheckedInFull(verification);
      return writeBundle(store, runIds, join(dir, `bundle-${size}.zip`), { from: newestStart, to: new Date(newestStart.getTime() + 1) });
    });
    console.log(
      `  export of the newest run: ${fmt(exported.seconds)}, ${gets()} GET (${exported.value.runs.length} run, ${exported.value.objects} objects)`,
    );
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
