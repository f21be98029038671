import { describe, expect, it } from 'vitest';
import { readAhead } from '../../lib/store/read-ahead.js';

/** A read whose answers arrive when the test says, recording how many are in flight. */
function controlledReads() {
  const waiting = new Map<number, { resolve: (b: Buffer) => void; reject: (e: Error) => void }>();
  let inFlight = 0;
  let most = 0;
  const read = (n: number) =>
    new Promise<Buffer>((resolve, reject) => {
      inFlight++;
      most = Math.max(most, inFlight);
      waiting.set(n, {
        resolve: (b) => {
          inFlight--;
          resolve(b);
        },
        reject: (e) => {
          inFlight--;
          reject(e);
        },
      });
    });
  return { read, waiting, most: () => most };
}

describe('readAhead', () => {
  it('yields in the order of the items however the reads finish, with at most the given number in flight', async () => {
    const { read, waiting, most } = controlledReads();
    const items = Array.from({ length: 10 }, (_, i) => i);
    const walk = readAhead(items, read, 3);
    const results: number[] = [];
    const done = (async () => {
      for await (const r of walk) results.push(Number((r.bytes as Buffer).toString()));
    })();
    // Answer the reads in reverse order of their start, a few at a time.
    while (results.length < items.length) {
      await new Promise((r) => setImmediate(r));
      const started = [...waiting.keys()].sort((a, b) => b - a);
      for (const n of started) {
        waiting.get(n)?.resolve(Buffer.from(String(n)));
        waiting.delete(n);
      }
    }
    await done;
    expect(results).toEqual(items);
    expect(most()).toBe(3);
  });

  it('yields a failed read with its error at its turn, and goes on with the rest', async () => {
    const results: string[] = [];
    const read = async (n: number) => {
      if (n === 2) throw new Error('no such key 2');
      return Buffer.from(String(n));
    };
    for await (const r of readAhead([1, 2, 3], read, 2)) {
      results.push(r.bytes === undefined ? `error: ${(r.error as Error).message}` : r.bytes.toString());
    }
    expect(results).toEqual(['1', 'error: no such key 2', '3']);
  });

  it('starts no read beyond the window when the caller stops early', async () => {
    const started: number[] = [];
    const read = async (n: number) => {
      started.push(n);
      return Buffer.from(String(n));
    };
    for await (const r of readAhead([0, 1, 2, 3, 4, 5, 6, 7], read, 2)) {
      if (r.item === 1) break;
    }
    expect(Math.max(...started)).toBeLessThanOrEqual(3);
  });

  it('refuses a window that is not a whole number of at least one', async () => {
    await expect(readAhead([1], async () => Buffer.alloc(0), 0).next()).rejects.toThrow('at least one read in flight');
  });
});
