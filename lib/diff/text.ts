import type { CoverageChange, FindingChange, RunDiff } from './schema.js';

function findingLine(c: FindingChange): string {
  const where = `${c.controlId} on ${c.resource.id} (${c.accountId}, ${c.region})`;
  if (c.change === 'NEW') return `  new       ${where}: ${c.after?.status}: ${c.after?.reason}`;
  if (c.change === 'RESOLVED') return `  resolved  ${where}: was ${c.before?.status}: ${c.before?.reason}`;
  if (c.change === 'STATUS')
    return `  status    ${where}: ${c.before?.status} -> ${c.after?.status}: ${c.after?.reason} (was: ${c.before?.reason})`;
  return `  reason    ${where}: still ${c.after?.status}: ${c.after?.reason} (was: ${c.before?.reason})`;
}

function coverageSide(side: CoverageChange['before']): string {
  if (side === null) return 'no entry';
  return side.kinds.length === 0 ? side.status : `${side.status} (${side.kinds.join(', ')})`;
}

function coverageLine(c: CoverageChange): string {
  return `  ${c.change.toLowerCase().padEnd(11)} ${c.collector} (${c.accountId}, ${c.region}): ${coverageSide(c.before)} -> ${coverageSide(c.after)}`;
}

/** `ai-evidence diff` as text: what changed from the run before to the run after, every change listed. */
export function diffText(diff: RunDiff): string {
  const { before, after, findings, coverage, requirements } = diff;
  const lines = [`Run ${before.runId} (${before.startedAt}) -> run ${after.runId} (${after.startedAt}); both verify.`];
  if (diff.unchanged) {
    lines.push('No change: the same findings with the same status and reason, the same coverage, the same requirement statuses.');
    return lines.join('\n');
  }
  const t = findings.totals;
  lines.push(
    '',
    `Findings (matched by control, account, region and resource): ${t.NEW} new, ${t.RESOLVED} resolved, ${t.STATUS} changed status, ${t.REASON} changed reason.`,
  );
  for (const c of findings.changes) lines.push(findingLine(c));
  lines.push('', `Coverage: ${coverage.changes.length} change(s).`);
  for (const c of coverage.changes) lines.push(coverageLine(c));
  lines.push('', `Requirements (${requirements.frameworks.join(', ')}): ${requirements.changes.length} changed status.`);
  for (const r of requirements.changes) lines.push(`  ${r.framework} ${r.message}`);
  return lines.join('\n');
}
