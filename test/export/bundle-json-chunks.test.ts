import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonChunks, jsonStream, LazyList } from '../../lib/export/json-chunks.js';

describe('jsonChunks', () => {
  it('joins to exactly JSON.stringify(value, null, 2), at any depth of walking', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer({ min: 0, max: 6 }), (value, maxDepth) => {
        expect([...jsonChunks(value, 2, maxDepth)].join('')).toBe(JSON.stringify(value, null, 2));
      }),
      { numRuns: 300 },
    );
  });

  it('leaves out undefined members as JSON.stringify does, and writes them as null in arrays', () => {
    const value = { a: undefined, b: [undefined, 1, { c: 'line\nbreak' }], d: {}, e: [] };
    expect([...jsonChunks(value)].join('')).toBe(JSON.stringify(value, null, 2));
  });
});

describe('LazyList', () => {
  it('is written element by element, as the array of its elements would be, by jsonChunks and jsonStream', async () => {
    const cases: unknown[][] = [[], [1], [{ a: [1, { b: 'x\ny' }] }, null, 'z'], [undefined, { c: [] }]];
    for (const elements of cases) {
      const value = {
        head: { n: 1 },
        deep: { er: { still: { deeper: { list: new LazyList(elements) } } } },
        tail: [new LazyList(elements)],
      };
      const plain = { head: { n: 1 }, deep: { er: { still: { deeper: { list: elements } } } }, tail: [elements] };
      const expected = JSON.stringify(plain, null, 2);
      expect([...jsonChunks(value, 2, 6)].join('')).toBe(expected);
      // Below maxDepth a subtree is stringified whole: a lazy list there is refused, not written wrong.
      expect(() => [...jsonChunks(value, 2, 2)]).toThrow(/LazyList/);
      const streamed: string[] = [];
      const asyncValue = {
        ...value,
        deep: {
          er: {
            still: {
              deeper: {
                list: new LazyList(
                  (async function* () {
                    yield* elements;
                  })(),
                ),
              },
            },
          },
        },
      };
      for await (const piece of jsonStream(asyncValue, 2)) streamed.push(piece);
      expect(streamed.join('')).toBe(expected);
    }
  });
});
