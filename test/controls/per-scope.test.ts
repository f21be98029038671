import { describe, expect, it } from 'vitest';
import { perScope } from '../../lib/controls/per-resource.js';
import type { ControlMetadata } from '../../lib/controls/types.js';
import {
  accessDenied,
  complete,
  describedNotebook,
  digestOf,
  failed,
  judge,
  LOGGING_COLLECTOR,
  loggingEvidence,
  NOTEBOOK_COLLECTOR,
  notebookEvidence,
  OTHER_SCOPE,
  partial,
  SCOPE,
} from '../fixtures/evidence.js';

const META: ControlMetadata = {
  id: 'test_scope_has_notebooks',
  version: 1,
  title: 'A scope holds at least one notebook',
  rationale: 'test',
  severity: 'LOW',
  remediation: 'test',
  cafAi: ['security-governance'],
  aiRmf: ['GOVERN 1.1'],
  iso42001: [],
  aiLayers: ['model'],
  securityHubControls: [],
  configRules: [],
  collectors: [NOTEBOOK_COLLECTOR, LOGGING_COLLECTOR],
  resourceType: 'AWS::::Account',
};

/** PASS when the scope holds a notebook, FAIL when it holds none; cites only the notebooks. */
const control = perScope(META, {
  collectors: [NOTEBOOK_COLLECTOR, LOGGING_COLLECTOR],
  noun: 'SageMaker notebook instances',
  check: (records) => {
    const notebooks = records.get(NOTEBOOK_COLLECTOR) ?? [];
    return notebooks.length > 0
      ? { status: 'PASS', reason: `${notebooks.length} notebook instances.`, cite: notebooks }
      : { status: 'FAIL', reason: 'No notebook instance.' };
  },
});

describe('perScope', () => {
  it('judges each scope once from every collector, citing what the check names', () => {
    // Prepare
    const notebook = notebookEvidence(describedNotebook('a'));
    const logging = loggingEvidence({});
    // Act
    const findings = judge(control, {
      evidence: [notebook, logging],
      coverage: [complete(NOTEBOOK_COLLECTOR, 1), complete(LOGGING_COLLECTOR, 1)],
    });
    // Assess
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ status: 'PASS', resource: { type: 'AWS::::Account' }, evidence: [digestOf(notebook)] });
  });

  it('cites every record of the scope when the check names none', () => {
    // Prepare
    const logging = loggingEvidence({});
    // Act
    const [finding] = judge(control, { evidence: [logging], coverage: [complete(NOTEBOOK_COLLECTOR, 0), complete(LOGGING_COLLECTOR, 1)] });
    // Assess: an empty but complete listing is evidence of absence.
    expect(finding).toMatchObject({ status: 'FAIL', evidence: [digestOf(logging)] });
  });

  it('gives INSUFFICIENT_EVIDENCE naming the collector that did not run, never the check verdict', () => {
    // Act
    const [finding] = judge(control, { coverage: [complete(NOTEBOOK_COLLECTOR, 0)] });
    // Assess
    expect(finding?.status).toBe('INSUFFICIENT_EVIDENCE');
    expect(finding?.reason).toContain(`${LOGGING_COLLECTOR} collector did not run`);
  });

  it.each([
    ['FAILED', failed(NOTEBOOK_COLLECTOR, accessDenied('ListNotebookInstances'))],
    ['PARTIAL', partial(NOTEBOOK_COLLECTOR, [accessDenied('DescribeNotebookInstance', 'arn:aws:sagemaker:x')], 1)],
  ])('gives INSUFFICIENT_EVIDENCE when a collector read the scope %s, with the error', (_kind, coverage) => {
    // Prepare: the record that was read would make the check PASS.
    const notebook = notebookEvidence(describedNotebook('a'));
    // Act
    const [finding] = judge(control, { evidence: [notebook], coverage: [coverage, complete(LOGGING_COLLECTOR, 0)] });
    // Assess
    expect(finding?.status).toBe('INSUFFICIENT_EVIDENCE');
    expect(finding?.reason).toContain('AccessDenied');
    expect(finding?.evidence).toEqual([]);
  });

  it('keeps scopes apart', () => {
    // Prepare
    const notebook = notebookEvidence(describedNotebook('a', {}, OTHER_SCOPE), OTHER_SCOPE);
    // Act
    const findings = judge(control, {
      scopes: [SCOPE, OTHER_SCOPE],
      evidence: [notebook],
      coverage: [
        complete(NOTEBOOK_COLLECTOR, 0),
        complete(LOGGING_COLLECTOR, 0),
        complete(NOTEBOOK_COLLECTOR, 1, OTHER_SCOPE),
        complete(LOGGING_COLLECTOR, 0, OTHER_SCOPE),
      ],
    });
    // Assess
    expect(findings.map((f) => [f.accountId, f.status])).toEqual([
      [SCOPE.accountId, 'FAIL'],
      [OTHER_SCOPE.accountId, 'PASS'],
    ]);
  });
});
