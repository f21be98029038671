import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../lib/evidence/canonical.js';
import {
  checkedEvidence,
  EvidenceValidationError,
  makeEvidence,
  type NewEvidence,
  parseEvidence,
  sealEvidence,
} from '../../lib/evidence/record.js';

const base: NewEvidence = {
  accountId: '111122223333',
  region: 'eu-west-1',
  source: { collector: 'sagemaker.notebook-instances', service: 'sagemaker', operation: 'DescribeNotebookInstance' },
  resource: { type: 'AWS::SageMaker::NotebookInstance', id: 'arn:aws:sagemaker:eu-west-1:111122223333:notebook-instance/nb' },
  collectedAt: new Date(Date.UTC(2025, 0, 2, 3, 4, 5, 6)),
  data: {},
};

describe('evidence records', () => {
  it('keeps the API answer verbatim but drops the SDK $metadata and turns Dates into ISO strings', () => {
    // Prepare
    const created = new Date(Date.UTC(2024, 5, 1));
    const answer = {
      $metadata: { httpStatusCode: 200, requestId: 'r' },
      DirectInternetAccess: 'Disabled',
      CreationTime: created,
      Tags: [],
    };

    // Act
    const record = makeEvidence({ ...base, data: answer });

    // Assess
    expect(record.data).toEqual({ CreationTime: '2024-06-01T00:00:00.000Z', DirectInternetAccess: 'Disabled', Tags: [] });
    expect(record.collectedAt).toBe('2025-01-02T03:04:05.006Z');
    expect(record.schemaVersion).toBe(1);
  });

  it('is stored as its RFC 8785 form and addressed by the SHA-256 of those bytes', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ unit: 'binary' }), fc.jsonValue({ stringUnit: 'binary' })), (data) => {
        fc.pre(!('$metadata' in data));
        // Prepare
        const record = makeEvidence({ ...base, data });

        // Act
        const sealed = sealEvidence(record);

        // Assess
        expect(sealed.bytes).toBe(canonicalize(record));
        expect(sealed.sha256).toBe(createHash('sha256').update(sealed.bytes, 'utf8').digest('hex'));
        expect(sealEvidence(parseEvidence(sealed.bytes, 'stored')).bytes).toBe(sealed.bytes);
        // Read back and held without its text, the record still gives the stored bytes when asked.
        const held = checkedEvidence(parseEvidence(sealed.bytes, 'stored'), sealed.sha256);
        expect(held.bytes).toBe(sealed.bytes);
        expect(Object.getOwnPropertyDescriptor(held, 'bytes')?.get).toBeTypeOf('function');
      }),
      { numRuns: 150 },
    );
  });

  it.each([
    ['an account id that is not 12 digits', { accountId: '1234' }],
    ['a region that is not an AWS region name', { region: 'Europe' }],
    ['an empty resource id', { resource: { type: 'AWS::X::Y', id: '' } }],
    ['an unparseable collection time', { collectedAt: 'yesterday' }],
  ])('refuses %s with EvidenceValidationError', (_name, change) => {
    // Act / Assess
    expect(() => makeEvidence({ ...base, ...change } as NewEvidence)).toThrow(EvidenceValidationError);
  });

  it.each([
    ['text that is not JSON', '{"schemaVersion":'],
    ['JSON that is not a record', '{"schemaVersion":1}'],
    ['a record with an extra member', JSON.stringify({ ...JSON.parse(sealEvidence(makeEvidence(base)).bytes), extra: 1 })],
  ])('refuses to parse %s, naming where it came from', (_name, text) => {
    // Act / Assess
    expect(() => parseEvidence(text, 'runs/r/evidence/x.json')).toThrow(EvidenceValidationError);
    expect(() => parseEvidence(text, 'runs/r/evidence/x.json')).toThrow(/runs\/r\/evidence\/x\.json/);
  });
});

describe('parseEvidence, a member named __proto__', () => {
  it('keeps it as data, so the parsed record serializes to the stored bytes', () => {
    // Prepare: JSON.parse makes "__proto__" an own member; an API answer could hold one.
    const stored = sealEvidence(
      makeEvidence({
        accountId: '111122223333',
        region: 'us-east-1',
        source: { collector: 'sagemaker.notebook-instances', service: 'sagemaker', operation: 'DescribeNotebookInstance' },
        resource: { type: 'AWS::SageMaker::NotebookInstance', id: 'arn:aws:sagemaker:us-east-1:111122223333:notebook-instance/x' },
        collectedAt: '2026-11-26T00:00:00.000Z',
        data: JSON.parse('{"__proto__":0,"NotebookInstanceName":"x"}'),
      }),
    );
    // Act
    const parsed = parseEvidence(stored.bytes, 'the record');
    // Assess
    expect(Object.keys(parsed.data)).toContain('__proto__');
    expect(canonicalJson(parsed)).toBe(stored.bytes);
  });
});
