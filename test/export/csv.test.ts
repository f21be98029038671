import { describe, expect, it } from 'vitest';
import { attestationsOf } from '../../lib/attestations/run.js';
import { catalog } from '../../lib/controls/index.js';
import type { Finding } from '../../lib/controls/types.js';
import { makeEvidence } from '../../lib/evidence/record.js';
import { TAGGING_COLLECTOR } from '../../lib/evidence/resource-tags.js';
import {
  csvField,
  csvRecord,
  FINDINGS_CSV_HEADER,
  findingCsvRecord,
  findingsCsv,
  LEGACY_FINDINGS_CSV_HEADER,
  REQUIREMENTS_CSV_HEADER,
  requirementsCsv,
} from '../../lib/export/csv.js';
import type { SealedRunData } from '../../lib/export/load.js';
import { frameworks } from '../../lib/frameworks/definitions.js';
import { attester, sealedAttestationRecord, sealedTrustList } from '../fixtures/attestations.js';
import { stubControl } from '../fixtures/controls.js';

/** A minimal RFC 4180 parser, to check that what is written reads back as the same fields. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let fields: string[] = [];
  let field = '';
  let i = 0;
  while (i < text.length) {
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (text[i] === '"' && text[i + 1] === '"') {
          field += '"';
          i += 2;
        } else if (text[i] === '"') {
          i++;
          break;
        } else {
          field += text[i];
          i++;
        }
      }
    } else if (text[i] === ',') {
      fields.push(field);
      field = '';
      i++;
    } else if (text[i] === '\r' && text[i + 1] === '\n') {
      fields.push(field);
      records.push(fields);
      fields = [];
      field = '';
      i += 2;
    } else {
      field += text[i];
      i++;
    }
  }
  return records;
}

describe('csvField', () => {
  it('leaves plain text as it is', () => {
    expect(csvField('sagemaker_notebook_in_vpc_subnet')).toBe('sagemaker_notebook_in_vpc_subnet');
    expect(csvField('')).toBe('');
  });

  it('quotes commas, double quotes and line breaks as RFC 4180 says, doubling inner quotes', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line1\nline2')).toBe('"line1\nline2"');
    expect(csvField('line1\r\nline2')).toBe('"line1\r\nline2"');
  });

  it('prefixes a cell a spreadsheet would read as a formula with a single quote', () => {
    expect(csvField('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvField('+1+2')).toBe("'+1+2");
    expect(csvField('-2+3')).toBe("'-2+3");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\t=1')).toBe("'\t=1");
    expect(csvField('\r=1')).toBe(`"'\r=1"`);
    // Only the first character matters.
    expect(csvField('a=1')).toBe('a=1');
  });
});

describe('findingsCsv', () => {
  const finding = (overrides: Partial<Finding>): Finding => ({
    schemaVersion: 1,
    controlId: 'sagemaker_notebook_root_access_disabled',
    status: 'FAIL',
    severity: 'HIGH',
    accountId: '111122223333',
    region: 'us-east-1',
    resource: { type: 'AWS::SageMaker::NotebookInstance', id: 'arn:aws:sagemaker:us-east-1:111122223333:notebook-instance/nb' },
    reason: 'RootAccess is Enabled.',
    evidence: ['a'.repeat(64), 'b'.repeat(64)],
    ...overrides,
  });
  const run = (runId: string, startedAt: string, findings: Finding[], tagged: Record<string, Record<string, string>> = {}) =>
    ({
      runId,
      manifest: { startedAt },
      evidence: Object.entries(tagged).map(([arn, tags]) => ({
        record: makeEvidence({
          accountId: '111122223333',
          region: 'us-east-1',
          source: { collector: TAGGING_COLLECTOR, service: 'tagging', operation: 'GetResources' },
          resource: { type: 'AWS::SageMaker::NotebookInstance', id: arn },
          collectedAt: new Date('2026-11-26T12:00:00.000Z'),
          data: { ResourceARN: arn, Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) },
        }),
      })),
      findings: findings.map((f, i) => ({ finding: f, key: `runs/${runId}/findings/${i}.json`, sha256: String(i).repeat(64) })),
    }) as unknown as SealedRunData;
  const NOTEBOOK = 'arn:aws:sagemaker:us-east-1:111122223333:notebook-instance/nb';

  it('writes a header and one row per finding, runs in start order, that parse back to the same values', () => {
    const hostile = finding({
      resource: { type: 'AWS::SageMaker::NotebookInstance', id: '=cmd|"/c calc"!A1' },
      reason: 'Tag says "hello, world"\nand more',
    });
    const text = [
      ...findingsCsv([run('r2', '2026-11-26T12:00:00.000Z', [finding({})]), run('r1', '2026-11-25T12:00:00.000Z', [hostile])]),
    ].join('');

    const records = parseCsv(text);
    expect(records[0]).toEqual([...FINDINGS_CSV_HEADER]);
    expect(records).toHaveLength(3);
    expect(records[1]?.[0]).toBe('r1');
    expect(records[2]?.[0]).toBe('r2');
    const row = Object.fromEntries(FINDINGS_CSV_HEADER.map((h, i) => [h, records[1]?.[i]]));
    expect(row.resource_id).toBe(`'=cmd|"/c calc"!A1`);
    expect(row.reason).toBe('Tag says "hello, world"\nand more');
    expect(row.evidence_sha256).toBe(`${'a'.repeat(64)} ${'b'.repeat(64)}`);
    expect(row.finding_sha256).toBe('0'.repeat(64));
    expect(row.status).toBe('FAIL');
    expect(text.endsWith('\r\n')).toBe(true);
    // No field of any record starts with a formula character.
    for (const record of records) for (const field of record) expect(field).not.toMatch(/^[=+\-@]/);
  });

  it('keeps the columns it had, in their order, and adds the resource owner and tags at the end', () => {
    expect(FINDINGS_CSV_HEADER.slice(0, LEGACY_FINDINGS_CSV_HEADER.length)).toEqual([...LEGACY_FINDINGS_CSV_HEADER]);
    expect(LEGACY_FINDINGS_CSV_HEADER.at(-1)).toBe('finding_id');
    expect(FINDINGS_CSV_HEADER.slice(LEGACY_FINDINGS_CSV_HEADER.length)).toEqual(['resource_owner', 'resource_tags']);
  });

  it("writes the resource's owner-like tag and every tag, sorted, from the run's tagging records; empty cells for an untagged resource", () => {
    const other = finding({ resource: { type: 'AWS::SageMaker::NotebookInstance', id: `${NOTEBOOK}-2` } });
    const text = [
      ...findingsCsv([
        run('r1', '2026-11-25T12:00:00.000Z', [finding({}), other], {
          [NOTEBOOK]: { env: 'prod', CostCenter: 'CC-1', Team: 'ml, "core"', 'aws:cloudformation:stack-name': 'nb' },
        }),
      ]),
    ].join('');
    const records = parseCsv(text).slice(1);
    const row = (i: number) => Object.fromEntries(FINDINGS_CSV_HEADER.map((h, j) => [h, records[i]?.[j]]));
    expect(row(0).resource_owner).toBe('ml, "core"');
    expect(row(0).resource_tags).toBe('CostCenter=CC-1; Team=ml, "core"; aws:cloudformation:stack-name=nb; env=prod');
    expect(row(1).resource_owner).toBe('');
    expect(row(1).resource_tags).toBe('');
    expect(records[0]).toHaveLength(FINDINGS_CSV_HEADER.length);
  });

  it('prefixes a tag value a spreadsheet would read as a formula, in both tag columns', () => {
    const text = [
      ...findingsCsv([run('r1', '2026-11-25T12:00:00.000Z', [finding({})], { [NOTEBOOK]: { Owner: '=HYPERLINK("http://x")' } })]),
    ].join('');
    const fields = parseCsv(text)[1] ?? [];
    expect(fields.at(-2)).toBe(`'=HYPERLINK("http://x")`);
    expect(fields.at(-1)).toBe('Owner==HYPERLINK("http://x")');
    for (const field of fields) expect(field).not.toMatch(/^[=+\-@]/);
  });

  it('writes the legacy twelve columns when asked for them (verifying a bundle made before tags)', () => {
    const sealed = { finding: finding({}), key: 'k', sha256: '0'.repeat(64) };
    const tags = new Map([[NOTEBOOK, { Owner: 'a' }]]);
    expect(parseCsv(findingCsvRecord('r1', sealed, tags, LEGACY_FINDINGS_CSV_HEADER))[0]).toHaveLength(12);
    expect(parseCsv(findingCsvRecord('r1', sealed, tags))[0]?.slice(-2)).toEqual(['a', 'Owner=a']);
  });

  it('ends every record with CRLF', () => {
    expect(csvRecord(['a', 'b'])).toBe('a,b\r\n');
  });
});

describe('requirementsCsv', () => {
  const controlA = stubControl('a_control_x');
  const RUN = {
    runId: 'run-1',
    startedAt: '2026-11-26T12:00:00.000Z',
    byControl: new Map([
      ['bedrock_guardrail_prompt_attack_filter_high', { PASS: 2, FAIL: 1, NOT_APPLICABLE: 0, INSUFFICIENT_EVIDENCE: 0 }],
      [controlA.id, { PASS: 1, FAIL: 0, NOT_APPLICABLE: 0, INSUFFICIENT_EVIDENCE: 0 }],
    ]),
    attestations: [],
  };

  it('writes one row per requirement of every framework, with its roll-up status, automation and counts', () => {
    // Act
    const rows = parseCsv([...requirementsCsv([RUN], catalog)].join(''));

    // Assess
    expect(rows[0]).toEqual([...REQUIREMENTS_CSV_HEADER]);
    expect(rows).toHaveLength(1 + frameworks.reduce((n, f) => n + f.requirements.length, 0));
    const row = (framework: string, id: string) => rows.find((r) => r[1] === framework && r[2] === id);
    // The failing prompt-attack finding makes the OWASP prompt-injection risk FAIL; its other controls produced nothing here.
    const llm01 = row('owasp-llm', 'LLM01:2025');
    expect(llm01?.slice(3, 6)).toEqual(['Prompt Injection', 'FAIL', 'PARTLY_AUTOMATED']);
    expect(llm01?.[6]?.split(' ')).toContain('bedrock_guardrail_prompt_attack_filter_high');
    expect(llm01?.slice(7, 11)).toEqual(['1', '0', '2', '0']);
    expect(row('eu-ai-act', 'Art. 4')?.slice(4, 7)).toEqual(['ATTESTATION_REQUIRED', 'MANUAL', '']);
    // Controls the catalog does not hold do not count.
    expect(rows.some((r) => r[6]?.includes(controlA.id))).toBe(false);
  });

  it('names the attestation a requirement rests on', async () => {
    // Prepare
    const record = await sealedAttestationRecord({ framework: 'eu-ai-act', requirement: 'Art. 4', validUntil: '2027-08-31' });
    const trust = sealedTrustList([{ name: 'dana-reyes', signer: attester }]);
    const { attestations } = attestationsOf([record, trust]);

    // Act
    const rows = parseCsv([...requirementsCsv([{ ...RUN, attestations }], catalog)].join(''));

    // Assess
    const art4 = rows.find((r) => r[1] === 'eu-ai-act' && r[2] === 'Art. 4');
    expect(art4?.[4]).toBe('ATTESTED');
    expect(art4?.slice(11)).toEqual(['VALID', '2027-08-31', 'Dana Reyes, Head of AI Governance, dana.reyes@example.com', record.sha256]);
  });
});
