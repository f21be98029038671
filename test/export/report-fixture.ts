import { join } from 'node:path';
import { demoEstate, type Estate, estateClients, estateScopes } from '../../lib/demo/estate.js';
import { loadSealedRun, type SealedRunData } from '../../lib/export/load.js';
import { assess } from '../../lib/pipeline/assess.js';
import { loadOrCreateLocalSigner } from '../../lib/seal/local-signer.js';
import { LocalFolderStore } from '../../lib/store/local.js';
import { sharedDemoStore } from '../helpers/demo-store.js';

/** Markup an attacker could put in a resource name, a tag or an error message: each would set `window.__pwned` or open a dialog if it ran. */
export const SCRIPT_PAYLOAD = '<script>window.__pwned=1;alert(1)</script>';
export const IMG_PAYLOAD = '"><img src=x onerror="window.__pwned=2;alert(2)">';
export const TAG_PAYLOAD = '<script>alert(\'tag\')</script><svg onload="window.__pwned=3">';
export const MESSAGE_PAYLOAD = '<script>window.__pwned=4</script>';

/** The demo notebook that fails controls, renamed so that its name (and so its ARN) holds markup. */
const RENAMED = 'genai-prototyping';
export const HOSTILE_NAME = `x${SCRIPT_PAYLOAD}${IMG_PAYLOAD}`;

function mapStrings(value: unknown, f: (s: string) => string): unknown {
  if (typeof value === 'string') return f(value);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, f));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [f(k), mapStrings(v, f)]));
  }
  return value;
}

/**
 * The demo estate with markup where AWS puts names and free text: a notebook whose name holds a
 * script and an attribute break-out, a tag value with a script, and a throttling message with one.
 */
export function hostileEstate(): Estate {
  const estate = mapStrings(demoEstate, (s) =>
    s.replaceAll(RENAMED, HOSTILE_NAME).replace(/^Rate exceeded$/, `Rate exceeded ${MESSAGE_PAYLOAD}`),
  ) as Estate;
  const describe = estate.accounts['111122223333']?.['us-east-1']?.sagemaker?.DescribeNotebookInstance;
  if (describe === undefined || !('answers' in describe)) throw new Error('the demo estate no longer describes notebooks by name');
  const answer = describe.answers[HOSTILE_NAME];
  if (answer === undefined || !('output' in answer)) throw new Error(`the demo estate no longer has ${RENAMED}`);
  answer.output.Tags = [{ Key: 'owner', Value: TAG_PAYLOAD }];
  // The same markup in the tag the Tagging API returns for it (shown beside the resource), and in a key.
  const tagging = estate.accounts['111122223333']?.['us-east-1']?.tagging?.GetResources;
  const mappings =
    tagging !== undefined && 'output' in tagging ? (tagging.output.ResourceTagMappingList as { ResourceARN: string; Tags: unknown }[]) : [];
  const mapping = mappings.find((m) => m.ResourceARN.endsWith(`notebook-instance/${HOSTILE_NAME}`));
  if (mapping === undefined) throw new Error(`the demo estate no longer tags ${RENAMED}`);
  mapping.Tags = [
    { Key: 'Owner', Value: TAG_PAYLOAD },
    { Key: IMG_PAYLOAD, Value: 'x' },
  ];
  return estate;
}

export interface ReportRuns {
  /** Chained runs over the demo estate, oldest first. */
  demo: SealedRunData[];
  /** One run over {@link hostileEstate}. */
  hostile: SealedRunData[];
}

/** Builds `count` demo runs and one hostile run under `dir`, loaded as an export loads them. */
export async function buildReportRuns(dir: string, count: number): Promise<ReportRuns> {
  const demo = await sharedDemoStore(join(dir, 'demo'), count);
  const demoRuns = await Promise.all(demo.runs.map((r) => loadSealedRun(demo.store, r.runId)));

  const store = new LocalFolderStore(join(dir, 'hostile', 'evidence'));
  const { signer } = await loadOrCreateLocalSigner(join(dir, 'hostile', 'key', 'signing-key.pem'));
  const estate = hostileEstate();
  const run = await assess({ store, signer, scopes: estateScopes(estate), clientsFor: (accountId) => estateClients(estate, accountId) });
  return { demo: demoRuns, hostile: [await loadSealedRun(store, run.runId)] };
}
