import { describe, expect, it } from 'vitest';
import { resourceControl, scopeControl } from '../../lib/controls/governance-helpers.js';
import type { ControlMetadata, Finding } from '../../lib/controls/types.js';
import type { CoverageEntry, CoverageError, Scope } from '../../lib/evidence/coverage.js';
import type { SealedEvidence } from '../../lib/evidence/record.js';
import { regionResourceId } from '../fixtures/control-cases.js';
import { accessDenied, digestOf, judge, OTHER_SCOPE, SCOPE, throttled } from '../fixtures/evidence.js';
import { govEvidence } from '../fixtures/governance.js';

/**
 * A toy collector `test.things`: ListThings lists things, GetThing reads each (per thing), and
 * ListWidgets is read on its own, feeding nothing the controls below read.
 */
const THINGS = 'test.things';
const THING_TYPE = 'AWS::Test::Thing';
const thingArn = (name: string, scope: Scope = SCOPE) => `arn:aws:test:${scope.region}:${scope.accountId}:thing/${name}`;

function thing(name: string, data: Record<string, unknown> = {}, operation = 'ListThings', scope: Scope = SCOPE): SealedEvidence {
  return govEvidence({ collector: THINGS, service: 'test', operation, type: THING_TYPE, id: thingArn(name, scope), data }, scope);
}

function coverage(errors: CoverageError[], records = 0, scope: Scope = SCOPE, collector = THINGS): CoverageEntry {
  const status = errors.some((e) => e.resourceId === undefined) ? 'FAILED' : errors.length > 0 ? 'PARTIAL' : 'COMPLETE';
  return { collector, ...scope, status, records, errors };
}

/** What failedScopeCoverage records when the scope's role could not be assumed. */
const ASSUME_ROLE: CoverageError = {
  operation: 'AssumeRole',
  kind: 'ACCESS_DENIED',
  code: 'AccessDenied',
  message: 'User is not authorized to perform: sts:AssumeRole on the read-only role.',
};
const COLLECT_FAILED: CoverageError = {
  operation: 'Collect',
  kind: 'ERROR',
  code: 'Lambda.Timeout',
  message: 'The collect function timed out.',
};

function meta(id: string, resourceType: string): ControlMetadata {
  return {
    id,
    version: 1,
    title: id,
    rationale: 'test',
    severity: 'MEDIUM',
    remediation: 'test',
    cafAi: ['security-assurance'],
    aiRmf: ['GOVERN 1.1'],
    iso42001: [],
    aiLayers: ['model'],
    securityHubControls: [],
    configRules: [],
    collectors: [THINGS],
    resourceType,
  };
}

/**
 * "No thing is exposed": the shape of a control that passes on the absence of a bad record (like
 * "no unresolved severe finding"), so evidence it did not see must never reach the check.
 */
const noneExposed = scopeControl(meta('test_things_not_exposed', 'AWS::::Account'), {
  sources: [{ collector: THINGS, operations: ['ListThings', 'GetThing'], unrelated: ['ListWidgets'] }],
  noun: 'Test things',
  tolerate: (e) => e.resourceId !== undefined,
  check: (view) => {
    const exposed = view.records(THINGS, 'GetThing').filter((e) => e.record.data.Exposed === true);
    if (exposed.length > 0) return { status: 'FAIL', reason: `${exposed.length} thing(s) are exposed.`, cite: exposed };
    if (view.tolerated.length > 0) return { status: 'INSUFFICIENT_EVIDENCE', reason: `Some things were not read (tolerated).` };
    return { status: 'PASS', reason: 'No thing read is exposed.' };
  },
});

const onlyFinding = (findings: Finding[]) => {
  expect(findings).toHaveLength(1);
  return findings[0] as Finding;
};

describe('scopeControl: which collection errors block a scope', () => {
  const readThing = (name: string) => [thing(name), thing(name, { Exposed: false }, 'GetThing')];

  it('passes a scope read completely', () => {
    const evidence = readThing('a');
    const finding = onlyFinding(judge(noneExposed, { evidence, coverage: [coverage([], 2)] }));
    expect(finding.status).toBe('PASS');
    expect(finding.evidence).toEqual(evidence.map(digestOf).sort());
  });

  it.each([
    ['its role could not be assumed', ASSUME_ROLE],
    ['the collect function failed', COLLECT_FAILED],
  ])('is INSUFFICIENT_EVIDENCE, not PASS, when %s: an error of an operation it cannot place, with nothing read', (_why, error) => {
    const finding = onlyFinding(judge(noneExposed, { coverage: [coverage([error])] }));
    expect(finding.status).toBe('INSUFFICIENT_EVIDENCE');
    expect(finding.reason).toContain(`${error.operation} failed with ${error.code}`);
    expect(finding.evidence).toEqual([]);
  });

  it('is INSUFFICIENT_EVIDENCE when such an error stands beside records: what it left unread is unknown', () => {
    const finding = onlyFinding(judge(noneExposed, { evidence: readThing('a'), coverage: [coverage([ASSUME_ROLE], 2)] }));
    expect(finding.status).toBe('INSUFFICIENT_EVIDENCE');
    expect(finding.reason).toContain('AssumeRole failed with AccessDenied');
  });

  it('is INSUFFICIENT_EVIDENCE for an error about one resource of an operation it cannot place, even though it tolerates its own', () => {
    const error = { ...throttled('DescribeThingPolicy'), resourceId: thingArn('a') };
    const finding = onlyFinding(judge(noneExposed, { evidence: readThing('a'), coverage: [coverage([error], 2)] }));
    expect(finding.status).toBe('INSUFFICIENT_EVIDENCE');
    expect(finding.reason).toContain('DescribeThingPolicy failed with ThrottlingException');
  });

  it('still hands a tolerated error of its own operations to the check', () => {
    const error = accessDenied('GetThing', thingArn('b'));
    const evidence = [...readThing('a'), thing('b')];
    const finding = onlyFinding(judge(noneExposed, { evidence, coverage: [coverage([error], 3)] }));
    expect(finding).toMatchObject({ status: 'INSUFFICIENT_EVIDENCE', reason: 'Some things were not read (tolerated).' });
  });

  it('blocks on an untolerated error of its own operations, naming it', () => {
    const finding = onlyFinding(judge(noneExposed, { coverage: [coverage([accessDenied('ListThings')])] }));
    expect(finding.status).toBe('INSUFFICIENT_EVIDENCE');
    expect(finding.reason).toContain('ListThings failed with AccessDeniedException');
  });

  it.each([
    ['the listing', accessDenied('ListWidgets')],
    ['one resource', accessDenied('ListWidgets', 'arn:aws:test:eu-west-1:111122223333:widget/w')],
  ])('is not blocked when %s of an operation it declares unrelated failed', (_what, error) => {
    const evidence = readThing('a');
    const finding = onlyFinding(judge(noneExposed, { evidence, coverage: [coverage([error], 2)] }));
    expect(finding.status).toBe('PASS');
  });

  it('is not blocked by another collector it does not read, however that one failed', () => {
    const evidence = readThing('a');
    const macie = coverage([ASSUME_ROLE, accessDenied('GetMacieSession')], 0, SCOPE, 'macie.session');
    const finding = onlyFinding(judge(noneExposed, { evidence, coverage: [coverage([], 2), macie] }));
    expect(finding.status).toBe('PASS');
  });

  it('judges each scope by its own errors', () => {
    const evidence = readThing('a');
    const findings = judge(noneExposed, {
      scopes: [SCOPE, OTHER_SCOPE],
      evidence,
      coverage: [coverage([], 2), coverage([ASSUME_ROLE], 0, OTHER_SCOPE)],
    });
    const byScope = new Map(findings.map((f) => [f.resource.id, f.status]));
    expect(byScope.get(regionResourceId(SCOPE))).toBe('PASS');
    expect(byScope.get(regionResourceId(OTHER_SCOPE))).toBe('INSUFFICIENT_EVIDENCE');
  });

  it('gives the same finding whatever order the errors and records come in', () => {
    const evidence = [...readThing('a'), ...readThing('b')];
    const errors = [COLLECT_FAILED, ASSUME_ROLE, accessDenied('ListWidgets')];
    const forward = judge(noneExposed, { evidence, coverage: [coverage(errors, 4)] });
    const backward = judge(noneExposed, { evidence: [...evidence].reverse(), coverage: [coverage([...errors].reverse(), 4)] });
    expect(backward.map((f) => f.status)).toEqual(forward.map((f) => f.status));
    expect(forward[0]?.reason).toContain('Collect failed');
    expect(backward[0]?.reason).toContain('Collect failed');
  });

  it('refuses sources that name one collector twice, or an operation both as one it rests on and as unrelated', () => {
    const check = () => ({ status: 'PASS' as const, reason: 'x' });
    expect(() =>
      scopeControl(meta('test_twice', 'AWS::::Account'), {
        sources: [
          { collector: THINGS, operations: ['ListThings'] },
          { collector: THINGS, operations: ['GetThing'] },
        ],
        noun: 'Test things',
        check,
      }),
    ).toThrow(/test_twice.*test\.things.*twice/);
    expect(() =>
      scopeControl(meta('test_both', 'AWS::::Account'), {
        sources: [{ collector: THINGS, operations: ['ListThings'], unrelated: ['ListThings'] }],
        noun: 'Test things',
        check,
      }),
    ).toThrow(/test_both.*ListThings/);
  });
});

/** One finding per thing, from its GetThing record; DescribeThingTags is read when present but not needed. */
const thingsPrivate = resourceControl(meta('test_thing_private', THING_TYPE), {
  collector: THINGS,
  primary: 'GetThing',
  operations: ['ListThings', 'GetThing'],
  optional: ['DescribeThingTags'],
  unrelated: ['ListWidgets'],
  noun: 'Test things',
  check: (primary) =>
    primary.record.data.Exposed === false
      ? { status: 'PASS', reason: `${primary.record.resource.id} is private.` }
      : { status: 'FAIL', reason: `${primary.record.resource.id} is exposed.` },
});

describe('resourceControl: which collection errors block a scope or a resource', () => {
  const readThing = (name: string) => [thing(name), thing(name, { Exposed: false }, 'GetThing')];

  it('is INSUFFICIENT_EVIDENCE for the scope, not NOT_APPLICABLE, when an error it cannot place left nothing read', () => {
    const finding = onlyFinding(judge(thingsPrivate, { coverage: [coverage([ASSUME_ROLE])] }));
    expect(finding).toMatchObject({ status: 'INSUFFICIENT_EVIDENCE', resource: { id: regionResourceId(SCOPE) } });
    expect(finding.reason).toContain('AssumeRole failed with AccessDenied');
  });

  it('judges the things read and says the scope is incomplete when such an error stands beside them', () => {
    const findings = judge(thingsPrivate, { evidence: readThing('a'), coverage: [coverage([COLLECT_FAILED], 2)] });
    expect(new Map(findings.map((f) => [f.resource.id, f.status]))).toEqual(
      new Map([
        [thingArn('a'), 'PASS'],
        [regionResourceId(SCOPE), 'INSUFFICIENT_EVIDENCE'],
      ]),
    );
  });

  it('gives INSUFFICIENT_EVIDENCE for a thing that met an error of an operation it cannot place', () => {
    const error = { ...throttled('DescribeThingPolicy'), resourceId: thingArn('a') };
    const findings = judge(thingsPrivate, { evidence: [...readThing('a'), ...readThing('b')], coverage: [coverage([error], 4)] });
    expect(new Map(findings.map((f) => [f.resource.id, f.status]))).toEqual(
      new Map([
        [thingArn('a'), 'INSUFFICIENT_EVIDENCE'],
        [thingArn('b'), 'PASS'],
      ]),
    );
  });

  it.each([
    ['an unrelated listing', accessDenied('ListWidgets')],
    ['an optional read of one thing', accessDenied('DescribeThingTags', thingArn('a'))],
  ])('is not blocked by %s that failed', (_what, error) => {
    const findings = judge(thingsPrivate, { evidence: readThing('a'), coverage: [coverage([error], 2)] });
    expect(findings.map((f) => [f.resource.id, f.status])).toEqual([[thingArn('a'), 'PASS']]);
  });

  it('refuses an operation named both as one it rests on and as unrelated', () => {
    expect(() =>
      resourceControl(meta('test_both_resource', THING_TYPE), {
        collector: THINGS,
        primary: 'GetThing',
        operations: ['GetThing'],
        unrelated: ['GetThing'],
        noun: 'Test things',
        check: () => ({ status: 'PASS', reason: 'x' }),
      }),
    ).toThrow(/test_both_resource.*GetThing/);
  });
});
