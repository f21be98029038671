import { describe } from 'vitest';
import { MODEL_PACKAGES } from '../../lib/controls/sagemaker.js';
import { control as approvalDocumented } from '../../lib/controls/sagemaker_model_package_approval_documented.js';
import { control as notAutoApproved } from '../../lib/controls/sagemaker_model_package_not_auto_approved.js';
import type { Control } from '../../lib/controls/types.js';
import { describeSharedCases } from '../fixtures/control-cases.js';
import { describedModelPackage, sagemakerSubject } from '../fixtures/sagemaker.js';
import { type AnswerCase, describeAnswerCases } from '../fixtures/sagemaker-cases.js';

/**
 * Both controls judge version 6 of the fraud-scoring package: one reads its ApprovalDescription, the
 * other whether it was approved after it was registered.
 */
const KINDS: readonly (readonly [string, { control: Control; cases: readonly AnswerCase[] }])[] = [
  [
    approvalDocumented.id,
    {
      control: approvalDocumented,
      cases: [
        ['#1 compliant: an ApprovalDescription is PASS', {}, 'PASS', 'MRM-2026-118'],
        ['#2 non-compliant: no ApprovalDescription is FAIL', { ApprovalDescription: undefined }, 'FAIL', 'without an ApprovalDescription'],
        ['#3 non-compliant: a blank ApprovalDescription is FAIL', { ApprovalDescription: ' ' }, 'FAIL', 'without an ApprovalDescription'],
        [
          '#4 not applicable: a package awaiting approval is NOT_APPLICABLE',
          { ModelApprovalStatus: 'PendingManualApproval' },
          'NOT_APPLICABLE',
          'PendingManualApproval',
        ],
        [
          '#5 missing evidence: no ModelApprovalStatus in the answer is INSUFFICIENT_EVIDENCE',
          { ModelApprovalStatus: undefined },
          'INSUFFICIENT_EVIDENCE',
          'ModelApprovalStatus',
        ],
      ],
    },
  ],
  [
    notAutoApproved.id,
    {
      control: notAutoApproved,
      cases: [
        ['#1 compliant: approved a day after registration is PASS', {}, 'PASS', 'approved later'],
        [
          '#2 compliant: awaiting manual approval is PASS',
          { ModelApprovalStatus: 'PendingManualApproval', LastModifiedTime: undefined, LastModifiedBy: undefined },
          'PASS',
          'PendingManualApproval',
        ],
        [
          '#3 non-compliant: approved with no LastModifiedTime (approved at registration) is FAIL',
          { LastModifiedTime: undefined },
          'FAIL',
          'approved when it was registered',
        ],
        [
          '#4 non-compliant: approved with LastModifiedTime equal to CreationTime is FAIL',
          { LastModifiedTime: '2026-09-29T15:00:00.000Z' },
          'FAIL',
          'approved when it was registered',
        ],
        [
          '#5 missing evidence: no ModelApprovalStatus in the answer is INSUFFICIENT_EVIDENCE',
          { ModelApprovalStatus: undefined },
          'INSUFFICIENT_EVIDENCE',
          'ModelApprovalStatus',
        ],
        [
          '#6 missing evidence: no CreationTime in the answer is INSUFFICIENT_EVIDENCE',
          { CreationTime: undefined },
          'INSUFFICIENT_EVIDENCE',
          'CreationTime',
        ],
      ],
    },
  ],
];

describe.each(KINDS)('%s', (_id, { control, cases }) => {
  describeAnswerCases(control, MODEL_PACKAGES, 'fraud-scoring version 6', (o) => describedModelPackage('fraud-scoring', 6, o), cases);

  describeSharedCases(sagemakerSubject(control, MODEL_PACKAGES, (n, scope) => describedModelPackage('fraud-scoring', n, {}, scope)));
});
