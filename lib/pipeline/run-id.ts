import { randomBytes } from 'node:crypto';

/** A sortable run id: the UTC start time to the millisecond, then random bits against collisions. */
export function newRunId(startedAt: Date): string {
  const stamp = startedAt.toISOString().replace(/[-:.]/g, '');
  return `${stamp}-${randomBytes(4).toString('hex')}`;
}
