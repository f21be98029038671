/** Timing helpers for the bench: collect garbage first, time with performance.now(), take medians. */

/** Collects garbage (the bench runs with --expose-gc) so one measurement does not pay for another's garbage. */
export function collectGarbage(): void {
  globalThis.gc?.();
}

/** Milliseconds taken by `fn`, after a collection. */
export function timeSync(fn: () => void): number {
  collectGarbage();
  const start = performance.now();
  fn();
  return performance.now() - start;
}

export async function timeAsync(fn: () => Promise<unknown>): Promise<number> {
  collectGarbage();
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * Runs each named measurement `reps` times, interleaved (a, b, c, a, b, c, ...) so that drift in the
 * machine's speed falls on all of them alike, after one untimed warm-up round if `warmUp`. Returns the medians.
 */
export async function interleaved<K extends string>(
  reps: number,
  warmUp: boolean,
  measurements: Record<K, () => Promise<number> | number>,
): Promise<{ median: Record<K, number>; samples: Record<K, number[]> }> {
  const names = Object.keys(measurements) as K[];
  const samples = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<K, number[]>;
  for (let round = warmUp ? -1 : 0; round < reps; round++) {
    for (const name of names) {
      const ms = await measurements[name]();
      if (round >= 0) samples[name].push(ms);
    }
  }
  const medians = Object.fromEntries(names.map((n) => [n, median(samples[n])])) as Record<K, number>;
  return { median: medians, samples };
}
