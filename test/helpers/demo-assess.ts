import { loadAttestations } from '../../lib/attestations/load.js';
import { DEMO_ATTESTATIONS_DIR, DEMO_TRUSTED_ATTESTERS_DIR } from '../../lib/cli/attest.js';
import { demoEstate, type Estate, estateClients, estateScopes } from '../../lib/demo/estate.js';
import { type AssessResult, assess } from '../../lib/pipeline/assess.js';
import type { Signer } from '../../lib/seal/signer.js';
import type { EvidenceStore } from '../../lib/store/types.js';

// The demo estate runs real SDK clients; keep their Node version notice out of the test output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

/**
 * Assesses the bundled demo estate once into `store`, with the demo's signed attestations and trust
 * list, as `assess --demo` does; with `scopeCount`, only the estate's first account-regions; with
 * `estate`, an edited copy of the demo estate instead of the bundled one; a run of the format sealed before shards (1) unless `format` is 2: most tests of a sealed run's
 * details were written for it, and it must keep verifying; the CLI, the demo and the cloud seal 2.
 */
export async function assessDemo(
  store: EvidenceStore,
  signer: Signer,
  now?: () => Date,
  scopeCount?: number,
  estate: Estate = demoEstate,
  format: 1 | 2 = 1,
): Promise<AssessResult> {
  const all = estateScopes(estate);
  const scopes = scopeCount === undefined ? all : all.slice(0, scopeCount);
  const { records } = await loadAttestations(DEMO_ATTESTATIONS_DIR, new Date('2026-11-01T00:00:00.000Z'), {
    dir: DEMO_TRUSTED_ATTESTERS_DIR,
    accountId: scopes[0]?.accountId ?? '111122223333',
  });
  return assess({
    store,
    signer,
    scopes,
    clientsFor: (accountId) => estateClients(estate, accountId),
    attestations: records,
    ...(now ? { now } : {}),
    format,
  });
}
