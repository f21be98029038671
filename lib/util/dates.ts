/** A date bound that is neither a UTC day nor an ISO-8601 time with its zone. */
export class DateBoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DateBoundError';
  }
}

/** A date (UTC day) or an ISO-8601 time with its zone; a day as an upper bound means its end. */
export function parseDateBound(value: string, end: boolean): Date {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const text = day ? `${value}T${end ? '23:59:59.999' : '00:00:00.000'}Z` : value;
  const time = Date.parse(text);
  if (Number.isNaN(time) || (!day && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value))) {
    throw new DateBoundError(`"${value}" is not a date (YYYY-MM-DD, UTC) or an ISO-8601 time with a zone (2026-11-26T12:00:00Z).`);
  }
  return new Date(time);
}

/** Parses a duration such as `90s`, `15m`, `36h`, `7d` or `2w` into milliseconds. */
export function parseDuration(value: string): number {
  const m = /^(\d+)(ms|s|m|h|d|w)$/u.exec(value.trim());
  if (m === null) throw new Error(`"${value}" is not a duration: a whole number and a unit (ms, s, m, h, d or w), e.g. 36h or 7d.`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[m[2] as 'ms'];
  return Number(m[1]) * unit;
}

/** A duration in milliseconds in its largest unit, to one decimal (`2d`, `2.5h`, `10m`), for messages. */
export function formatDuration(ms: number): string {
  for (const [unit, size] of [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ] as const) {
    if (ms >= size) return `${Math.round((ms / size) * 10) / 10}${unit}`;
  }
  return `${ms}ms`;
}
