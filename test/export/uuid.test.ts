import { describe, expect, it } from 'vitest';
import { AI_EVIDENCE_UUID_NAMESPACE, uuidV5 } from '../../lib/export/uuid.js';

describe('uuidV5', () => {
  it("gives RFC 9562's name-based UUID: the DNS namespace's www.example.com", () => {
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  it('is stable, version 5, RFC variant, and differs by name', () => {
    const a = uuidV5('result:abc');
    expect(uuidV5('result:abc', AI_EVIDENCE_UUID_NAMESPACE)).toBe(a);
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(uuidV5('result:abd')).not.toBe(a);
  });

  it('refuses a namespace that is not a UUID', () => {
    expect(() => uuidV5('x', 'nope')).toThrow(/not a UUID/);
  });
});
