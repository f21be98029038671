import { describe, expect, it } from 'vitest';
import { control } from '../../lib/controls/sagemaker_notebook_platform_supported.js';
import { describeSharedCases, judgeNotebook, notebookSubject, regionResourceId } from '../fixtures/control-cases.js';
import { complete, describedNotebook, digestOf, judge, NOTEBOOK_COLLECTOR, notebookEvidence, SCOPE } from '../fixtures/evidence.js';

describe('sagemaker_notebook_platform_supported', () => {
  it.each(['notebook-al2023-v1', 'notebook-al2-v3'])('#1 compliant: a notebook on %s is PASS, citing its record', (platform) => {
    // Act
    const { evidence, finding } = judgeNotebook(control, { PlatformIdentifier: platform });
    // Assess
    expect(finding.status).toBe('PASS');
    expect(finding.reason).toContain(platform);
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });

  it.each(['notebook-al1-v1', 'notebook-al2-v1', 'notebook-al2-v2'])(
    '#2 non-compliant: a notebook on the deprecated %s is FAIL and names the notebook and platform',
    (platform) => {
      // Act
      const { evidence, finding } = judgeNotebook(control, { PlatformIdentifier: platform }, 'claims-triage');
      // Assess
      expect(finding.status).toBe('FAIL');
      expect(finding.severity).toBe('MEDIUM');
      expect(finding.reason).toContain('claims-triage');
      expect(finding.reason).toContain(platform);
      expect(finding.resource).toEqual(evidence.record.resource);
    },
  );

  it.each([
    ['#3 insufficient: no PlatformIdentifier', { PlatformIdentifier: undefined }, 'PlatformIdentifier'],
    ['#4 insufficient: PlatformIdentifier is not a string', { PlatformIdentifier: 3 }, 'PlatformIdentifier'],
    ['#5 insufficient: PlatformIdentifier is blank', { PlatformIdentifier: ' ' }, 'PlatformIdentifier'],
    ['#6 insufficient: a platform the control does not know', { PlatformIdentifier: 'notebook-al2027-v1' }, 'notebook-al2027-v1'],
  ])('%s gives INSUFFICIENT_EVIDENCE, not PASS', (_case, overrides, named) => {
    // Act
    const { evidence, finding } = judgeNotebook(control, overrides);
    // Assess
    expect(finding.status).toBe('INSUFFICIENT_EVIDENCE');
    expect(finding.reason).toContain(named);
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });

  it('#7 not applicable: a region read with no notebook instances is NOT_APPLICABLE', () => {
    // Act
    const findings = judge(control, { coverage: [complete(NOTEBOOK_COLLECTOR, 0)] });
    // Assess
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ status: 'NOT_APPLICABLE', resource: { id: regionResourceId(SCOPE) }, evidence: [] });
  });

  // The shared notebook answer has no PlatformIdentifier; the shared cases need one this control accepts.
  describeSharedCases({
    ...notebookSubject(control),
    compliant: (scope, n) =>
      notebookEvidence(describedNotebook(`research-notebook-${n}`, { PlatformIdentifier: 'notebook-al2023-v1' }, scope), scope),
  });
});
