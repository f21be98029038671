import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { canonicalJson, inCanonicalOrder } from '../../lib/evidence/canonical.js';

// Watch the calls canonicalJson makes to the JCS library: a value serialized without calling it
// took the JSON.stringify fast path. The spy still runs the real library.
vi.mock('canonicalize', async (importOriginal) => {
  const original = await importOriginal<typeof import('canonicalize')>();
  return { default: vi.fn(original.default) };
});
const library = vi.mocked(canonicalize);

/** The real library's answer, without counting it as a call made by canonicalJson. */
function reference(value: unknown): string | undefined {
  const calls = library.mock.calls.length;
  const text = library.getMockImplementation()?.(value);
  library.mock.calls.length = calls;
  return text;
}

const ARRAY_INDEX = /^(?:0|[1-9][0-9]*)$/;

function hasIndexLikeKey(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some(hasIndexLikeKey);
  return Object.entries(value).some(([k, v]) => ARRAY_INDEX.test(k) || hasIndexLikeKey(v));
}

describe('the JSON.stringify fast path of canonicalJson', () => {
  beforeEach(() => {
    library.mockClear();
  });

  it('is taken for objects built by inCanonicalOrder without index-like keys, and gives the RFC 8785 text', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ unit: 'binary' }), fc.jsonValue({ stringUnit: 'binary' })), (value) => {
        fc.pre(!hasIndexLikeKey(value));
        // Prepare
        const ordered = inCanonicalOrder(value);
        library.mockClear();

        // Act
        const text = canonicalJson(ordered);

        // Assess
        expect(library).not.toHaveBeenCalled();
        expect(text).toBe(reference(value));
      }),
      { numRuns: 200 },
    );
  });

  it.each([
    ['at the top', { '10': 1, '2': 2, a: 3 }],
    ['deep inside', { a: { b: [{ c: { '2': true, '10': false } }] } }],
    ['inside an array', [{ '2': 'x', '10': 'y' }]],
  ])('is not taken when an array-index-like key is %s, where JSON.stringify would reorder', (_name, value) => {
    // Prepare
    const ordered = inCanonicalOrder(value);
    library.mockClear();

    // Act
    const text = canonicalJson(ordered);

    // Assess
    expect(library).toHaveBeenCalled();
    expect(text).toBe(reference(value));
    expect(text).not.toBe(JSON.stringify(ordered));
  });

  it('is not taken for a plain object that inCanonicalOrder did not build, even with its keys in order', () => {
    // Prepare
    const value = { a: 1, b: { c: 2 } };

    // Act
    const text = canonicalJson(value);

    // Assess
    expect(library).toHaveBeenCalled();
    expect(text).toBe('{"a":1,"b":{"c":2}}');
  });
});
