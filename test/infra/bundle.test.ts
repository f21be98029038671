import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Synthesized, synthesize } from './synth.js';

// Each test starts Node.js processes that load megabyte bundles, and the one hook bundles the five
// functions with esbuild and validates the template (20-30 s under the suite). Set through the
// config, not per hook, so test/setup/timing.ts reads the hook's real timeout.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 300_000 });

// The one synth of the test suite that does what `npx cdk synth` does: the functions bundled by
// esbuild and CDK's CloudFormation template validation on (which alone takes 20 s or more the first time).
let synth: Synthesized;
let assets: Record<string, string>;

beforeAll(() => {
  synth = synthesize({}, { bundle: true, cfnValidation: true });
  const outdir = synth.app.synth().directory;
  const e = synth.evidence;
  assets = {};
  for (const [name, f] of Object.entries({
    'list-targets': e.listTargets,
    collect: e.collect,
    'seal-shard': e.sealShard,
    'evaluate-and-seal': e.evaluateAndSeal,
    publish: e.publish,
    export: e.export,
  })) {
    // The code's S3 key is the asset's hash, and the cloud assembly holds it as asset.<hash>/.
    const code = synth.evidenceTemplate.findResources('AWS::Lambda::Function')[e.getLogicalId(f.fn.node.defaultChild as never)]?.Properties
      .Code as { S3Key?: string } | undefined;
    const hash = /^([0-9a-f]{64})\.zip$/.exec(code?.S3Key ?? '')?.[1];
    if (!hash) throw new Error(`The ${name} function's code is not a bundled asset (${JSON.stringify(code)}).`);
    const path = `asset.${hash}`;
    assets[name] = join(outdir, path);
  }
});

// The cloud assembly is written to a temporary folder of its own; the bundles are megabytes.
afterAll(() => {
  if (synth) rmSync(synth.app.synth().directory, { recursive: true, force: true });
});

/** Runs `script` as an ES module in a new Node.js process in `cwd`, with `env`, and returns its stdout. */
function runModule(cwd: string, script: string, env: Record<string, string> = {}): string {
  return execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd,
    env: { PATH: process.env.PATH ?? '', AWS_REGION: 'us-east-1', ...env },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 30_000,
  });
}

describe('the bundled functions', () => {
  it('each is one ES module that loads in Node.js and exports its handler', () => {
    expect(Object.keys(assets)).toHaveLength(6);
    for (const [name, dir] of Object.entries(assets)) {
      const file = join(dir, 'index.mjs');
      expect(existsSync(file), name).toBe(true);
      expect(readFileSync(file, 'utf8').startsWith('import'), name).toBe(true);
      expect(runModule(dir, "const m = await import('./index.mjs'); console.log(typeof m.handler);").trim(), name).toBe('function');
    }
  });

  it('the bundled list-targets runs: it writes the configured targets to the staging bucket and names a bad field', () => {
    // S3 is a server on 127.0.0.1 in the child process that takes the PutObject and keeps its body.
    const script = `
      const http = await import('node:http');
      const puts = [];
      const server = http.createServer((req, res) => {
        const chunks = [];
        req.on('data', (c) => chunks.push(c));
        req.on('end', () => { puts.push({ method: req.method, url: req.url, body: Buffer.concat(chunks).toString('utf8') }); res.writeHead(200, { ETag: '"0"' }); res.end(); });
      });
      await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
      process.env.AWS_ENDPOINT_URL = 'http://127.0.0.1:' + server.address().port;
      const { handler } = await import('./index.mjs');
      const context = { functionName: 'list-targets', awsRequestId: 'test', functionVersion: '1', invokedFunctionArn: 'arn:aws:lambda:us-east-1:111122223333:function:list-targets', memoryLimitInMB: '256', getRemainingTimeInMillis: () => 60000 };
      const result = await handler({}, context);
      let refused = '';
      try { await handler({ acounts: ['111122223333'] }, context); } catch (error) { refused = error.name + ': ' + error.message; }
      server.close();
      process.stdout.write('RESULT ' + JSON.stringify({ result, puts, refused }) + '\\n');
    `;
    const out = runModule(assets['list-targets'] as string, script, {
      TARGET_ACCOUNTS: '111122223333,444455556666',
      TARGET_REGIONS: 'eu-west-1',
      STAGING_BUCKET: 'staging-bucket',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      POWERTOOLS_METRICS_DISABLED: 'true',
    });
    const line = out.split('\n').find((l) => l.startsWith('RESULT '));
    const parsed = JSON.parse((line as string).slice('RESULT '.length)) as {
      result: { runId: string; targets: { key: string; count: number }; accounts: { key: string; count: number } };
      puts: { method: string; url: string; body: string }[];
      refused: string;
    };
    const { runId, targets, accounts } = parsed.result;
    expect(runId).toMatch(/^\d{8}T\d{9}Z-[0-9a-f]{8}$/);
    expect(targets).toEqual({ key: `staging/${runId}/targets.jsonl`, count: 2 });
    expect(accounts).toEqual({ key: `staging/${runId}/accounts.jsonl`, count: 2 });
    expect(parsed.puts.map((p) => [p.method, p.url.split('?')[0]])).toEqual([
      ['PUT', `/staging-bucket/${targets.key}`],
      ['PUT', `/staging-bucket/${accounts.key}`],
    ]);
    expect(parsed.puts[0]?.body).toBe(
      '{"accountId":"111122223333","region":"eu-west-1"}\n{"accountId":"444455556666","region":"eu-west-1"}\n',
    );
    expect(parsed.puts[1]?.body).toBe(
      '{"accountId":"111122223333","regions":["eu-west-1"]}\n{"accountId":"444455556666","regions":["eu-west-1"]}\n',
    );
    expect(parsed.refused).toMatch(/^InvalidEventError: .*acounts/);
  });

  it("CDK's CloudFormation validation and cdk-nag pass on the synthesized templates", () => {
    // synthesize() throws on either; reaching here with the report empty is the check.
    const report = JSON.parse(readFileSync(join(synth.app.synth().directory, 'validation-report.json'), 'utf8')) as {
      pluginReports: { summary?: { status?: string }; violations?: unknown[] }[];
    };
    for (const plugin of report.pluginReports) expect(plugin.violations ?? []).toEqual([]);
  });
});
