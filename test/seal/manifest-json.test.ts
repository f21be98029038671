import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CoverageEntry } from '../../lib/evidence/coverage.js';
import { type Manifest, MERKLE_ALGORITHM } from '../../lib/seal/manifest.js';
import { manifestJson } from '../../lib/seal/seal.js';

const hex64 = fc.stringMatching(/^[0-9a-f]{64}$/);
const text = fc.string({ unit: 'grapheme', maxLength: 12 });

const coverageEntry: fc.Arbitrary<CoverageEntry> = fc.record({
  collector: text,
  accountId: fc.stringMatching(/^[0-9]{12}$/),
  region: text,
  status: fc.constantFrom('COMPLETE', 'PARTIAL', 'FAILED'),
  records: fc.nat(),
  errors: fc.array(
    fc.record(
      {
        operation: text,
        resourceId: text,
        kind: fc.constantFrom('ACCESS_DENIED', 'THROTTLED', 'NOT_AVAILABLE', 'INVALID_RESPONSE', 'ERROR'),
        code: text,
        message: text,
      },
      { requiredKeys: ['operation', 'kind', 'code', 'message'] },
    ),
    { maxLength: 3 },
  ),
});

const manifest: fc.Arbitrary<Manifest> = fc.record(
  {
    schemaVersion: fc.constant(1 as const),
    runId: fc.stringMatching(/^[0-9TZ-]{1,30}$/),
    startedAt: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
    finishedAt: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
    toolVersion: text,
    catalogVersion: text,
    // Absent in manifests sealed before control versions were recorded.
    controls: fc.array(fc.record({ id: text, version: fc.integer({ min: 1, max: 1000 }) }), { maxLength: 4 }),
    scopes: fc.array(fc.record({ accountId: fc.stringMatching(/^[0-9]{12}$/), region: text }), { maxLength: 4 }),
    coverage: fc.array(coverageEntry, { maxLength: 4 }),
    items: fc.array(
      fc.record({
        kind: fc.constantFrom('evidence', 'finding', 'public-key'),
        key: fc.stringMatching(/^runs\/[a-z0-9]{1,8}\/[a-z]{1,8}\/[0-9a-f]{1,64}\.json$/),
        sha256: hex64,
        size: fc.nat(),
      }),
      { maxLength: 20 },
    ),
    merkle: fc.record({ algorithm: fc.constant(MERKLE_ALGORITHM), treeSize: fc.nat(), root: hex64 }),
    previous: fc.option(fc.record({ runId: text, statementSha256: hex64 }), { nil: null }),
    signer: fc.record({ keyId: hex64, algorithm: fc.constant('ECDSA_SHA_256' as const) }),
  },
  {
    requiredKeys: [
      'schemaVersion',
      'runId',
      'startedAt',
      'finishedAt',
      'toolVersion',
      'catalogVersion',
      'scopes',
      'coverage',
      'items',
      'merkle',
      'previous',
      'signer',
    ],
  },
);

describe('manifestJson', () => {
  it('is the RFC 8785 serialization of the manifest, whatever order its members were built in', () => {
    fc.assert(
      fc.property(manifest, (m) => {
        // Reverse every object's member order, so that the layout cannot come from insertion order.
        const shuffled = JSON.parse(JSON.stringify(m), (_key, value) =>
          value !== null && typeof value === 'object' && !Array.isArray(value)
            ? Object.fromEntries(Object.entries(value).reverse())
            : value,
        ) as Manifest;
        expect(manifestJson(shuffled)).toBe(canonicalize(m));
      }),
      { numRuns: 200 },
    );
  });
});
