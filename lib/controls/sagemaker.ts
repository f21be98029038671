import type { EvidenceRecord } from '../evidence/record.js';
import { perResource, stringField, type Verdict } from './per-resource.js';
import type { Control, ControlMetadata } from './types.js';

export const NOTEBOOK_COLLECTOR = 'sagemaker.notebook-instances';
export const NOTEBOOK_TYPE = 'AWS::SageMaker::NotebookInstance';

/**
 * A control over DescribeNotebookInstance answers: one finding per notebook instance, judged by
 * `check` with the notebook's name for its reason.
 */
export function notebookControl(
  meta: Omit<ControlMetadata, 'collectors' | 'resourceType'>,
  check: (record: EvidenceRecord, name: string) => Verdict,
): Control {
  return perResource(
    { ...meta, collectors: [NOTEBOOK_COLLECTOR], resourceType: NOTEBOOK_TYPE },
    {
      collector: NOTEBOOK_COLLECTOR,
      noun: 'SageMaker notebook instances',
      check: (record) => check(record, stringField(record, 'NotebookInstanceName') ?? record.resource.id),
    },
  );
}
