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

async function streamed(value: unknown, chunkChars?: number): Promise<string[]> {
  const pieces: string[] = [];
  for await (const piece of jsonStream(value, 2, 0, chunkChars)) pieces.push(piece);
  return pieces;
}

describe('jsonStream', () => {
  it('joins to exactly JSON.stringify(value, null, 2), whatever the chunk size', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), fc.integer({ min: 1, max: 200 }), async (value, chunkChars) => {
        expect((await streamed(value, chunkChars)).join('')).toBe(JSON.stringify(value, null, 2));
      }),
      { numRuns: 300 },
    );
  });

  it('yields chunks of about the size asked, not one piece per member', async () => {
    const items = Array.from({ length: 5000 }, (_, i) => ({ i, name: `item ${i}` }));
    const expected = JSON.stringify({ items }, null, 2);
    const pieces = await streamed({ items: new LazyList(items) }, 4096);
    expect(pieces.join('')).toBe(expected);
    // Every chunk but the last reaches the size; none is far beyond it (one element's text at most).
    for (const piece of pieces.slice(0, -1)) expect(piece.length).toBeGreaterThanOrEqual(4096);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(4096 + 100);
    expect(pieces.length).toBeLessThan(expected.length / 4096 + 2);
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
      const asyncValue = () => ({
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
      });
      for (const chunkChars of [1, 50, undefined]) {
        expect((await streamed(asyncValue(), chunkChars)).join('')).toBe(expected);
        expect((await streamed(value, chunkChars)).join('')).toBe(expected);
      }
    }
  });
});
