import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OSCAL_VERSION } from '../../lib/export/oscal.js';
import { oscalValidator, SCHEMA_PATH, SHARED_SCHEMA_PATH } from './oscal-schema.js';

/** The SHA-256 of NIST's release asset, as shared/reference/oscal/README.md gives it. */
const NIST_SHA256 = 'd033da70154cf6625ae46a746199e88e58f2928b1387dfac051d381b92f41b0d';

describe('the vendored OSCAL assessment-results schema', () => {
  it("is NIST's v1.1.2 release asset, byte for byte", async () => {
    const { createHash } = await import('node:crypto');
    expect(createHash('sha256').update(readFileSync(SCHEMA_PATH)).digest('hex')).toBe(NIST_SHA256);
    expect(JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')).$id).toContain(`/${OSCAL_VERSION}/`);
  });

  it.skipIf(!existsSync(SHARED_SCHEMA_PATH))('equals the reference copy in ../shared/reference/oscal/', () => {
    expect(readFileSync(SCHEMA_PATH).equals(readFileSync(SHARED_SCHEMA_PATH))).toBe(true);
  });

  it('rejects documents that break it, so a passing validation means something', () => {
    const validate = oscalValidator();
    const uuid = '3f1d7c5e-8a2b-5c4d-9e6f-0a1b2c3d4e5f';
    const minimal = {
      'assessment-results': {
        uuid,
        metadata: { title: 't', 'last-modified': '2026-11-26T12:00:00.000Z', version: '1', 'oscal-version': '1.1.2' },
        'import-ap': { href: 'urn:x:y' },
        results: [
          {
            uuid,
            title: 'r',
            description: 'd',
            start: '2026-11-26T12:00:00.000Z',
            'reviewed-controls': { 'control-selections': [{ 'include-controls': [{ 'control-id': 'MEASURE-2.7' }] }] },
          },
        ],
      },
    };
    expect(validate(minimal)).toBe(true);
    // Each change breaks one rule of the schema: a missing required member, a date, a UUID, a token.
    const broken = (from: string, to: string) => {
      const text = JSON.stringify(minimal);
      expect(text).toContain(from);
      return validate(JSON.parse(text.replace(from, to)));
    };
    expect(broken('"import-ap":{"href":"urn:x:y"},', '')).toBe(false);
    expect(broken('"last-modified":"2026-11-26T12:00:00.000Z"', '"last-modified":"yesterday"')).toBe(false);
    expect(broken(`"uuid":"${uuid}"`, '"uuid":"not-a-uuid"')).toBe(false);
    expect(broken('"control-id":"MEASURE-2.7"', '"control-id":"MEASURE 2.7"')).toBe(false);
  });
});
