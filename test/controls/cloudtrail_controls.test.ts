import { describe, expect, it } from 'vitest';
import { control as bedrockData } from '../../lib/controls/cloudtrail_bedrock_data_events_captured.js';
import { control as multiRegion } from '../../lib/controls/cloudtrail_multi_region_trail_logging.js';
import { control as sagemakerData } from '../../lib/controls/cloudtrail_sagemaker_data_events_captured.js';
import type { Control } from '../../lib/controls/types.js';
import type { CoverageEntry } from '../../lib/evidence/coverage.js';
import type { SealedEvidence } from '../../lib/evidence/record.js';
import { accessDenied, complete, judge, partial } from '../fixtures/evidence.js';
import { dataSelector, MANAGEMENT_SELECTOR, TRAILS, trail, trailArn, trailEvidence } from '../fixtures/governance.js';
import { describeScopeCases } from '../fixtures/governance-cases.js';

function judgeTrails(control: Control, evidence: SealedEvidence[], coverage?: CoverageEntry) {
  const findings = judge(control, { evidence, coverage: [coverage ?? complete(TRAILS, evidence.length)] });
  expect(findings).toHaveLength(1);
  return findings[0];
}

const selectorsOf = (name: string, ...selectors: Record<string, unknown>[]) => ({
  TrailARN: trailArn(name),
  AdvancedEventSelectors: selectors,
});

describe('cloudtrail_multi_region_trail_logging', () => {
  it('#1 compliant: a logging multi-region trail with all management events is PASS and named', () => {
    const finding = judgeTrails(multiRegion, trailEvidence(trail('org-trail')));
    expect(finding?.status).toBe('PASS');
    expect(finding?.reason).toContain('org-trail');
  });

  it('#2 compliant: basic selectors with IncludeManagementEvents and ReadWriteType All are PASS', () => {
    const selectors = {
      TrailARN: trailArn('legacy'),
      EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [] }],
    };
    expect(judgeTrails(multiRegion, trailEvidence(trail('legacy'), { selectors }))?.status).toBe('PASS');
  });

  it('#3 compliant: a shadow of a multi-region trail from another region counts here', () => {
    const shadow = trail('org-trail', { HomeRegion: 'us-east-1' });
    expect(judgeTrails(multiRegion, trailEvidence(shadow))?.status).toBe('PASS');
  });

  it('#4 non-compliant: no trail at all is FAIL', () => {
    const finding = judgeTrails(multiRegion, [], complete(TRAILS, 0));
    expect(finding).toMatchObject({ status: 'FAIL', severity: 'HIGH' });
  });

  it('#5 non-compliant: a stopped multi-region trail is FAIL', () => {
    const finding = judgeTrails(multiRegion, trailEvidence(trail('org-trail'), { status: { IsLogging: false } }));
    expect(finding?.status).toBe('FAIL');
    expect(finding?.reason).toContain('org-trail is not logging');
  });

  it('#6 non-compliant: a single-region trail is FAIL', () => {
    const finding = judgeTrails(multiRegion, trailEvidence(trail('local', { IsMultiRegionTrail: false })));
    expect(finding?.status).toBe('FAIL');
    expect(finding?.reason).toContain('local logs one region only');
  });

  it('#7 non-compliant: write-only management events are FAIL', () => {
    const writeOnly = { Name: 'writes', FieldSelectors: [...MANAGEMENT_SELECTOR.FieldSelectors, { Field: 'readOnly', Equals: ['false'] }] };
    const finding = judgeTrails(multiRegion, trailEvidence(trail('org-trail'), { selectors: selectorsOf('org-trail', writeOnly) }));
    expect(finding?.status).toBe('FAIL');
    expect(finding?.reason).toContain('read and write');
  });

  it('#8 insufficient: a multi-region trail whose status could not be read is INSUFFICIENT_EVIDENCE, not FAIL or PASS', () => {
    const arn = trailArn('org-trail');
    const evidence = trailEvidence(trail('org-trail'), { status: null });
    const finding = judgeTrails(multiRegion, evidence, partial(TRAILS, [accessDenied('GetTrailStatus', arn)], evidence.length));
    expect(finding?.status).toBe('INSUFFICIENT_EVIDENCE');
    expect(finding?.reason).toContain('GetTrailStatus failed with AccessDeniedException');
  });

  it('#9 compliant: one trail proves the point even when another could not be read', () => {
    const other = trailArn('team-trail');
    const evidence = [...trailEvidence(trail('org-trail')), ...trailEvidence(trail('team-trail'), { status: null })];
    const finding = judgeTrails(multiRegion, evidence, partial(TRAILS, [accessDenied('GetTrailStatus', other)], evidence.length));
    expect(finding?.status).toBe('PASS');
  });

  const emptySelectors = (name: string) => ({ TrailARN: trailArn(name), EventSelectors: [], AdvancedEventSelectors: [] });

  it('#10 compliant: no selector in GetEventSelectors and HasCustomEventSelectors false (the default selector: all management events) is PASS', () => {
    const evidence = trailEvidence(trail('org-trail', { HasCustomEventSelectors: false }), { selectors: emptySelectors('org-trail') });
    expect(judgeTrails(multiRegion, evidence)?.status).toBe('PASS');
  });

  it.each([
    ['says it has custom selectors', { HasCustomEventSelectors: true }, 'HasCustomEventSelectors true'],
    ['does not say', { HasCustomEventSelectors: undefined }, 'HasCustomEventSelectors absent'],
  ])(
    '#11 insufficient: no selector in GetEventSelectors while DescribeTrails %s is INSUFFICIENT_EVIDENCE, not FAIL',
    (_case, overrides, said) => {
      const evidence = trailEvidence(trail('org-trail', overrides), { selectors: emptySelectors('org-trail') });
      const finding = judgeTrails(multiRegion, evidence);
      expect(finding?.status).toBe('INSUFFICIENT_EVIDENCE');
      expect(finding?.reason).toContain(`GetEventSelectors returned no selector for org-trail`);
      expect(finding?.reason).toContain(said);
    },
  );

  it('#12 compliant: reads and writes recorded by two advanced selectors together are PASS', () => {
    const narrowed = (value: string) => ({
      Name: `readOnly ${value}`,
      FieldSelectors: [...MANAGEMENT_SELECTOR.FieldSelectors, { Field: 'readOnly', Equals: [value] }],
    });
    const selectors = selectorsOf('org-trail', narrowed('true'), narrowed('false'));
    expect(judgeTrails(multiRegion, trailEvidence(trail('org-trail'), { selectors }))?.status).toBe('PASS');
  });

  it('#13 compliant: basic ReadOnly and WriteOnly selectors together are PASS; ReadOnly alone is FAIL', () => {
    const basic = (...types: string[]) => ({
      TrailARN: trailArn('legacy'),
      EventSelectors: types.map((ReadWriteType) => ({ ReadWriteType, IncludeManagementEvents: true, DataResources: [] })),
    });
    expect(judgeTrails(multiRegion, trailEvidence(trail('legacy'), { selectors: basic('ReadOnly', 'WriteOnly') }))?.status).toBe('PASS');
    expect(judgeTrails(multiRegion, trailEvidence(trail('legacy'), { selectors: basic('ReadOnly') }))?.status).toBe('FAIL');
  });

  it('#14 non-compliant: basic selectors that exclude management events are FAIL, whatever HasCustomEventSelectors says', () => {
    const selectors = {
      TrailARN: trailArn('legacy'),
      EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: false, DataResources: [] }],
    };
    const finding = judgeTrails(multiRegion, trailEvidence(trail('legacy', { HasCustomEventSelectors: false }), { selectors }));
    expect(finding?.status).toBe('FAIL');
    expect(finding?.reason).toContain('legacy does not record both read and write management events');
  });

  describeScopeCases({
    control: multiRegion,
    collectors: [TRAILS],
    blockingOperation: { collector: TRAILS, operation: 'DescribeTrails' },
    passing: (scope) => trailEvidence(trail('org-trail', {}, scope), {}, scope),
  });
});

describe('cloudtrail_bedrock_data_events_captured', () => {
  it('#1 compliant: selectors for agent aliases, knowledge bases and guardrails are PASS', () => {
    const finding = judgeTrails(bedrockData, trailEvidence(trail('org-trail')));
    expect(finding?.status).toBe('PASS');
    expect(finding?.reason).toContain('org-trail');
  });

  it('#2 compliant: resources.type StartsWith AWS::Bedrock:: covers every Bedrock type', () => {
    const prefix = {
      Name: 'bedrock',
      FieldSelectors: [
        { Field: 'eventCategory', Equals: ['Data'] },
        { Field: 'resources.type', StartsWith: ['AWS::Bedrock::'] },
      ],
    };
    const finding = judgeTrails(
      bedrockData,
      trailEvidence(trail('org-trail'), { selectors: selectorsOf('org-trail', MANAGEMENT_SELECTOR, prefix) }),
    );
    expect(finding?.status).toBe('PASS');
  });

  it('#3 compliant: the types may be split across two logging trails', () => {
    const evidence = [
      ...trailEvidence(trail('a'), { selectors: selectorsOf('a', dataSelector('AWS::Bedrock::AgentAlias', 'AWS::Bedrock::Guardrail')) }),
      ...trailEvidence(trail('b'), { selectors: selectorsOf('b', dataSelector('AWS::Bedrock::KnowledgeBase')) }),
    ];
    expect(judgeTrails(bedrockData, evidence)?.status).toBe('PASS');
  });

  it('#4 non-compliant: management events only is FAIL naming the missing types', () => {
    const finding = judgeTrails(
      bedrockData,
      trailEvidence(trail('org-trail'), { selectors: selectorsOf('org-trail', MANAGEMENT_SELECTOR) }),
    );
    expect(finding?.status).toBe('FAIL');
    expect(finding?.reason).toContain('AWS::Bedrock::KnowledgeBase');
  });

  it('#5 non-compliant: a selector on a stopped trail does not count', () => {
    const finding = judgeTrails(bedrockData, trailEvidence(trail('org-trail'), { status: { IsLogging: false } }));
    expect(finding?.status).toBe('FAIL');
    expect(finding?.reason).toContain('no trail is logging');
  });

  it('#6 non-compliant: a management selector naming Bedrock types is not a data selector', () => {
    const wrong = {
      Name: 'x',
      FieldSelectors: [
        { Field: 'eventCategory', Equals: ['Management'] },
        { Field: 'resources.type', Equals: ['AWS::Bedrock::AgentAlias'] },
      ],
    };
    const finding = judgeTrails(bedrockData, trailEvidence(trail('org-trail'), { selectors: selectorsOf('org-trail', wrong) }));
    expect(finding?.status).toBe('FAIL');
  });

  it('#7 insufficient: the selectors of the only trail could not be read', () => {
    const arn = trailArn('org-trail');
    const evidence = trailEvidence(trail('org-trail'), { selectors: null });
    const finding = judgeTrails(bedrockData, evidence, partial(TRAILS, [accessDenied('GetEventSelectors', arn)], evidence.length));
    expect(finding?.status).toBe('INSUFFICIENT_EVIDENCE');
  });

  describeScopeCases({
    control: bedrockData,
    collectors: [TRAILS],
    blockingOperation: { collector: TRAILS, operation: 'DescribeTrails' },
    passing: (scope) => trailEvidence(trail('org-trail', {}, scope), {}, scope),
  });
});

describe('cloudtrail_sagemaker_data_events_captured', () => {
  it('#1 compliant: a selector for SageMaker endpoints is PASS', () => {
    expect(judgeTrails(sagemakerData, trailEvidence(trail('org-trail')))?.status).toBe('PASS');
  });

  it('#2 non-compliant: Bedrock data events only is FAIL', () => {
    const selectors = selectorsOf('org-trail', MANAGEMENT_SELECTOR, dataSelector('AWS::Bedrock::AgentAlias'));
    const finding = judgeTrails(sagemakerData, trailEvidence(trail('org-trail'), { selectors }));
    expect(finding?.status).toBe('FAIL');
    expect(finding?.reason).toContain('AWS::SageMaker::Endpoint');
  });

  it('#3 insufficient: the status of the only trail could not be read', () => {
    const evidence = trailEvidence(trail('org-trail'), { status: null });
    const finding = judgeTrails(
      sagemakerData,
      evidence,
      partial(TRAILS, [accessDenied('GetTrailStatus', trailArn('org-trail'))], evidence.length),
    );
    expect(finding?.status).toBe('INSUFFICIENT_EVIDENCE');
  });

  it('keeps the evidence it cites to the trails that record the events', () => {
    const evidence = [
      ...trailEvidence(trail('org-trail')),
      ...trailEvidence(trail('quiet'), { selectors: selectorsOf('quiet', MANAGEMENT_SELECTOR) }),
    ];
    const finding = judgeTrails(sagemakerData, evidence);
    expect(finding?.status).toBe('PASS');
    expect(finding?.evidence).toHaveLength(3);
  });

  describeScopeCases({
    control: sagemakerData,
    collectors: [TRAILS],
    blockingOperation: { collector: TRAILS, operation: 'DescribeTrails' },
    passing: (scope) => trailEvidence(trail('org-trail', {}, scope), {}, scope),
  });
});
