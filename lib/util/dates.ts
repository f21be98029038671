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
