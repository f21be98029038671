import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CanonicalizationError, canonicalJson, inCanonicalOrder, isCanonicalJson } from '../../lib/evidence/canonical.js';

/** Keys that trip naive canonicalizers: array-index-like keys enumerate first in JavaScript. */
const TRICKY_KEYS = [
  '1',
  '10',
  '2',
  '0',
  '01',
  '-1',
  '1.5',
  '4294967294',
  '4294967295',
  '9007199254740993',
  '',
  ' ',
  'a',
  'A',
  'é',
  'e\u0301',
  '\u20ac',
  '\u{1f600}',
  '\ud834\udd1e',
  '\uffff',
  '\u0000',
  '\n',
  '__proto__',
  'constructor',
  'toString',
];

const trickyKey = fc.oneof(fc.constantFrom(...TRICKY_KEYS), fc.nat().map(String), fc.string({ unit: 'binary', maxLength: 6 }));

/** An object holding `entries` as own enumerable properties, inserted in the given order (even `__proto__`). */
function objectOf(entries: readonly (readonly [string, unknown])[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of entries) Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  return out;
}

const { trickyValue } = fc.letrec((tie) => ({
  trickyValue: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.jsonValue({ maxDepth: 1, stringUnit: 'binary' }),
    fc.array(tie('trickyValue'), { maxLength: 4 }),
    fc.array(fc.tuple(trickyKey, tie('trickyValue')), { maxLength: 6 }).map(objectOf),
  ),
}));

/** A single UTF-16 code unit, lone surrogates included. */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));

describe('canonicalJson(inCanonicalOrder(v)) against the canonicalize package (RFC 8785)', () => {
  it('is byte-identical for arbitrary JSON values with ASCII strings', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        // Act
        const ours = canonicalJson(inCanonicalOrder(value));

        // Assess
        expect(ours).toBe(canonicalize(value));
      }),
      { numRuns: 300 },
    );
  });

  it('is byte-identical for arbitrary JSON values with any Unicode code point, surrogate pairs included', () => {
    fc.assert(
      fc.property(fc.jsonValue({ stringUnit: 'binary' }), (value) => {
        expect(canonicalJson(inCanonicalOrder(value))).toBe(canonicalize(value));
      }),
      { numRuns: 300 },
    );
  });

  it('is byte-identical for objects with array-index-like, empty, Unicode and prototype-named keys in any order', () => {
    fc.assert(
      fc.property(trickyValue, (value) => {
        // Act
        const ours = canonicalJson(inCanonicalOrder(value));

        // Assess
        expect(ours).toBe(canonicalize(value));
      }),
      { numRuns: 400 },
    );
  });

  it('sorts keys by UTF-16 code units, so "10" precedes "2" and a surrogate pair precedes U+FFFF', () => {
    // Prepare
    const value = { '2': 'b', '\uffff': 'd', '10': 'a', '\u{1f600}': 'c', '1': 'z' };

    // Act
    const text = canonicalJson(inCanonicalOrder(value));

    // Assess: written out by hand from RFC 8785 section 3.2.3.
    expect(text).toBe('{"1":"z","10":"a","2":"b","\u{1f600}":"c","\uffff":"d"}');
  });

  it('keeps a member named __proto__ as data', () => {
    // Prepare: JSON.parse makes "__proto__" an own property, as an API answer would.
    const value = JSON.parse('{"b":2,"__proto__":{"a":1}}');

    // Act
    const text = canonicalJson(inCanonicalOrder(value));

    // Assess
    expect(text).toBe('{"__proto__":{"a":1},"b":2}');
  });

  it('gives the same text for the same value whatever the insertion order of its keys', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(trickyKey, fc.jsonValue({ maxDepth: 1 })), { selector: ([k]) => k, maxLength: 8 }), (entries) => {
        // Prepare
        const forward = objectOf(entries);
        const backward = objectOf([...entries].reverse());

        // Act / Assess
        expect(canonicalJson(inCanonicalOrder(backward))).toBe(canonicalJson(inCanonicalOrder(forward)));
      }),
    );
  });
});

describe('inCanonicalOrder', () => {
  it.each([
    ['NaN', { a: [1, Number.NaN] }, '$.a[1]'],
    ['Infinity', { a: Number.POSITIVE_INFINITY }, '$.a'],
    ['-Infinity', [Number.NEGATIVE_INFINITY], '$[0]'],
    ['a function', { f: () => 1 }, '$.f'],
    ['a symbol', { s: Symbol('s') }, '$.s'],
    ['a bigint', { n: 1n }, '$.n'],
    ['an invalid date', { d: new Date(Number.NaN) }, '$.d'],
    ['undefined at the top', undefined, '$'],
  ])('refuses %s with CanonicalizationError naming where it is', (_name, value, path) => {
    // Act
    const attempt = () => inCanonicalOrder(value);

    // Assess
    expect(attempt).toThrow(CanonicalizationError);
    expect(attempt).toThrow(path);
    expect(() => canonicalJson(value)).toThrow(CanonicalizationError);
  });

  it('refuses strings and keys with a lone surrogate with CanonicalizationError, as RFC 8785 (I-JSON) does', () => {
    fc.assert(
      fc.property(fc.string({ unit: codeUnit, minLength: 1, maxLength: 6 }), fc.boolean(), (text, asKey) => {
        // Prepare
        const value = asKey ? objectOf([[text, 1]]) : { text };
        const wellFormed = !/[\ud800-\udfff]/u.test(text);

        // Act
        let ours: string | Error;
        try {
          ours = canonicalJson(inCanonicalOrder(value));
        } catch (error) {
          ours = error as Error;
        }

        // Assess
        if (wellFormed) expect(ours).toBe(canonicalize(value));
        else {
          expect(() => canonicalize(value)).toThrow();
          expect(ours).toBeInstanceOf(CanonicalizationError);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('turns Dates into ISO-8601 strings, byte arrays into base64, drops undefined members and nulls undefined array items', () => {
    // Prepare
    const when = new Date(Date.UTC(2024, 1, 29, 23, 59, 58, 7));

    // Act
    const value = inCanonicalOrder({ at: when, nested: [when], bytes: Uint8Array.of(1, 2, 3, 254), gone: undefined, list: [undefined, 1] });

    // Assess
    expect(value).toEqual({ at: '2024-02-29T23:59:58.007Z', bytes: 'AQID/g==', list: [null, 1], nested: ['2024-02-29T23:59:58.007Z'] });
    expect(Object.keys(value as object)).toEqual(['at', 'bytes', 'list', 'nested']);
    expect(canonicalJson(value)).toBe(
      '{"at":"2024-02-29T23:59:58.007Z","bytes":"AQID/g==","list":[null,1],"nested":["2024-02-29T23:59:58.007Z"]}',
    );
  });

  it('returns a copy and leaves its input untouched', () => {
    // Prepare
    const input = { b: { d: 1, c: [3, 2] }, a: 'x' };
    const before = JSON.stringify(input);

    // Act
    const copy = inCanonicalOrder<typeof input>(input);
    copy.b.d = 2;

    // Assess
    expect(JSON.stringify(input)).toBe(before);
  });
});

describe('isCanonicalJson', () => {
  it('accepts the canonical form of any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue({ stringUnit: 'binary' }), (value) => {
        expect(isCanonicalJson(canonicalize(value) as string)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses any other text for the same value: reordered, spaced or re-escaped', () => {
    fc.assert(
      fc.property(fc.jsonValue({ stringUnit: 'binary' }), (value) => {
        // Prepare
        const canonical = canonicalize(value) as string;
        const pretty = JSON.stringify(value, null, 1);

        // Act / Assess
        expect(isCanonicalJson(pretty)).toBe(pretty === canonical);
      }),
      { numRuns: 200 },
    );
  });

  it.each([
    ['keys out of order', '{"b":1,"a":2}'],
    ['a space', '{"a": 1}'],
    ['a trailing newline', '{"a":1}\n'],
    ['a needlessly escaped character', '"\\u0041"'],
    ['an escaped slash', '"a\\/b"'],
    ['an upper-case unicode escape', '"\\u001F"'],
    ['a non-shortest number', '1.0'],
    ['an exponent where none is needed', '1e2'],
    ['negative zero', '-0'],
    ['a duplicate key', '{"a":1,"a":1}'],
    ['a number JSON cannot hold as a double', '1e400'],
    ['not JSON at all', '{a:1}'],
    ['nothing', ''],
  ])('refuses %s', (_name, text) => {
    // Act / Assess
    expect(isCanonicalJson(text)).toBe(false);
  });

  it.each([
    ['an object', '{"a":[1,true,null],"b":"\\u001f\\n"}'],
    ['a small and a large number', '[1e-7,1e+21,0.000001,123456789012345680000]'],
  ])('accepts %s written as RFC 8785 asks', (_name, text) => {
    expect(isCanonicalJson(text)).toBe(true);
  });
});
