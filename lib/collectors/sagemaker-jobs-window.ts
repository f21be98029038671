/**
 * Training and processing jobs are read for a window before the run: jobs are immutable once
 * created and accumulate without bound, so the controls judge how jobs are run now (the last 90
 * days), not the whole history of the account.
 */
export const JOB_WINDOW_DAYS = 90;

/** The start of the window of a run that reads at `now`. */
export function jobWindowStart(now: Date): Date {
  return new Date(now.getTime() - JOB_WINDOW_DAYS * 24 * 60 * 60 * 1000);
}
