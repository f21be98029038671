import type { Control } from './types.js';

/** AWS Config, AWS Security Hub and AWS CloudTrail: the account-wide record and assurance services. */
export const governanceControls: readonly Control[] = [];
