import { SEVERITIES, type Severity } from './types.js';

/** One control's failing findings, as a ranking needs them. */
export interface FailingControl {
  readonly controlId: string;
  readonly severity: Severity;
  /** FAIL findings: one per failing resource. */
  readonly failing: number;
}

/**
 * Failing controls in the order a person fixes them: the most severe first, then the one with the
 * most failing resources, then by id so that equal ones keep a stable order. Severity comes first on
 * purpose: many failing LOW resources do not outrank one failing CRITICAL. Controls with no failing
 * finding are left out. The CLI and the report rank with this, so they agree.
 */
export function rankFailingControls<T extends FailingControl>(controls: Iterable<T>): T[] {
  return [...controls]
    .filter((c) => c.failing > 0)
    .sort(
      (a, b) =>
        SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) ||
        b.failing - a.failing ||
        (a.controlId < b.controlId ? -1 : a.controlId > b.controlId ? 1 : 0),
    );
}
