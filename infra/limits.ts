/** Step Functions passes at most 256 KiB of input or output between states. */
export const STATE_PAYLOAD_LIMIT_BYTES = 256 * 1024;

const LONGEST_REGION = 'ap-southeast-12';
const RUN_ID = '20261126T122823512Z-f102b28b';

/**
 * The bytes of the state that reaches evaluate-and-seal for `targets` targets: run id, start, the
 * targets list and, per target, what the Collect state keeps of collect's result (run id, target,
 * staged key: the coverage stays in the staged object), each at its longest. The Distributed Map gathers every result into this one state, so a run whose state
 * passes {@link STATE_PAYLOAD_LIMIT_BYTES} fails as a whole (States.DataLimitExceeded).
 */
export function runStateBytes(targets: number): number {
  const target = { accountId: '111122223333', region: LONGEST_REGION };
  const result = {
    runId: RUN_ID,
    ...target,
    stagedKey: `staging/${RUN_ID}/${target.accountId}/${target.region}.json`,
  };
  const head = JSON.stringify({ runId: RUN_ID, startedAt: '2026-11-26T12:28:23.512Z', targets: [], results: [] }).length;
  return head + targets * (JSON.stringify(target).length + 1 + JSON.stringify(result).length + 1);
}

/** The most targets (accounts × regions) one run can hold within Step Functions' payload limit. */
export function maxTargetsPerRun(): number {
  const perTarget = runStateBytes(1) - runStateBytes(0);
  return Math.floor((STATE_PAYLOAD_LIMIT_BYTES - runStateBytes(0)) / perTarget);
}
