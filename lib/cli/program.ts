import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { COLLECTOR_MANIFEST } from '../collectors/manifest.js';
import { FINDING_STATUSES, type FindingStatus, SEVERITIES, type Severity } from '../controls/types.js';
import type { Scope } from '../evidence/coverage.js';
import type { ReportFramework } from '../export/bundle.js';
import { REPORT_FRAMEWORK_IDS } from '../export/report-frameworks.js';
import type { BundleVerifyReport } from '../export/verify-bundle.js';
import type { ProgressEvent } from '../pipeline/assess.js';
import type { ItemProof } from '../seal/proof.js';
import type { ShardedItemProof } from '../seal/shard-read.js';
import type { Signer } from '../seal/signer.js';
import type { TimestampOptions } from '../seal/timestamp.js';
import type { TimeOptions } from '../seal/verify.js';
import type { EvidenceStore } from '../store/types.js';
import { parseDateBound, parseDuration } from '../util/dates.js';
import { TOOL_VERSION } from '../version.js';
import {
  addAttestCommand,
  DEFAULT_ATTESTATIONS_DIR,
  DEFAULT_TRUSTED_ATTESTERS_DIR,
  DEMO_ATTESTATIONS_DIR,
  DEMO_TRUSTED_ATTESTERS_DIR,
  DEMO_TRUSTED_ATTESTERS_LOCATION,
} from './attest.js';
import { DEFAULT_RETENTION_DAYS } from './defaults.js';
import { UsageError } from './errors.js';

/** How many failing controls `assess` lists without --details. */
export const TOP_CONTROLS = 10;

// Each command imports the code it runs when it runs (the `await import(...)` in its action), so
// that `--help`, `--version` and `controls` load neither the SDK clients nor the pipeline. Only
// what the options and their help need is imported here.

/** Where output goes; tests pass their own. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** True when stderr is a terminal: progress is redrawn in place. */
  isTty: boolean;
}

export const processIo: Io = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  isTty: process.stderr.isTTY === true,
};

export { UsageError } from './errors.js';

function parseRegions(value: string): string[] {
  const regions = value
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  for (const r of regions) {
    if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(r)) throw new InvalidArgumentError(`"${r}" is not an AWS region name.`);
  }
  if (regions.length === 0) throw new InvalidArgumentError('Name at least one region.');
  return regions;
}

function parseStatus(value: string): FindingStatus {
  const upper = value.toUpperCase();
  if (!(FINDING_STATUSES as readonly string[]).includes(upper))
    throw new InvalidArgumentError(`"${value}" is not a finding status: give one of ${FINDING_STATUSES.join(', ')}.`);
  return upper as FindingStatus;
}

function parseSeverityOption(value: string): Severity {
  const upper = value.toUpperCase();
  if (!(SEVERITIES as readonly string[]).includes(upper))
    throw new InvalidArgumentError(`"${value}" is not a severity: give one of ${SEVERITIES.join(', ')}.`);
  return upper as Severity;
}

function parseRoleName(value: string): string {
  if (!/^[\w+=,.@-]{1,64}$/.test(value)) throw new InvalidArgumentError(`"${value}" is not an IAM role name.`);
  return value;
}

function parseExternalId(value: string): string {
  // Not repeated in the error: an ExternalId is kept out of logs.
  if (!/^[\w+=,.@:/-]{2,1224}$/.test(value)) {
    throw new InvalidArgumentError('must be 2 to 1224 characters of letters, digits and +=,.@:/-.');
  }
  return value;
}

function parseDays(value: string): number {
  const days = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(days) || days < 1) {
    throw new InvalidArgumentError(`"${value}" is not a whole number of days, at least 1.`);
  }
  return days;
}

/** `--from` / `--to`: a date (UTC day) or an ISO-8601 time with its zone; a day as `--to` means its end. */
function dateOption(end: boolean): (value: string) => Date {
  return (value) => {
    try {
      return parseDateBound(value, end);
    } catch (error) {
      throw new InvalidArgumentError((error as Error).message);
    }
  };
}

function durationOption(value: string): number {
  try {
    return parseDuration(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

function digestOption(value: string): string {
  if (!/^[0-9a-fA-F]{64}$/u.test(value)) throw new InvalidArgumentError(`"${value}" is not a SHA-256 statement digest (64 hex digits).`);
  return value.toLowerCase();
}

function collectUrl(value: string, previous: string[] = []): string[] {
  for (const url of value
    .split(',')
    .map((u) => u.trim())
    .filter(Boolean)) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new InvalidArgumentError(`"${url}" is not a URL.`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new InvalidArgumentError(`"${url}" is not an http(s) URL.`);
    previous.push(url);
  }
  return previous;
}

/** The PEM TSA anchors of `--tsa-ca`, or undefined. */
async function readTsaAnchors(
  path: string | undefined,
): Promise<{ tsaAnchorsPem: string; tsaAnchorsSource: string } | Record<string, never>> {
  if (path === undefined) return {};
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`Cannot read the TSA anchors ${path}: ${(error as Error).message}`);
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----'))
    throw new UsageError(`${path} holds no PEM certificate: --tsa-ca takes the TSA's root certificate(s) as PEM.`);
  return { tsaAnchorsPem: text, tsaAnchorsSource: resolve(path) };
}

interface TimeFlags {
  tsaCa?: string;
  requireTimestamp?: boolean;
  timeTolerance?: number;
  maxAge?: number;
  expectHead?: string;
}

/** The verification options of the time flags. */
async function timeOptions(opts: TimeFlags): Promise<TimeOptions> {
  return {
    ...(await readTsaAnchors(opts.tsaCa)),
    ...(opts.requireTimestamp ? { requireTimestamp: true } : {}),
    ...(opts.timeTolerance === undefined ? {} : { timeToleranceMs: opts.timeTolerance }),
    ...(opts.maxAge === undefined ? {} : { maxAgeMs: opts.maxAge }),
    ...(opts.expectHead === undefined ? {} : { expectHead: opts.expectHead }),
  };
}

async function readPublicKey(path: string | undefined): Promise<Buffer | undefined> {
  if (!path) return undefined;
  try {
    return await readFile(path);
  } catch (error) {
    throw new UsageError(`Cannot read the public key ${path}: ${(error as Error).message}`);
  }
}

interface StoreOptions {
  out?: string;
  s3Bucket?: string;
  s3Prefix?: string;
  retentionDays?: number;
}

/** The store options' combinations, checked before any command imports its code. */
function checkStoreOptions(opts: StoreOptions, folderOption: string): void {
  if (opts.s3Bucket === undefined && opts.s3Prefix !== undefined) throw new UsageError('--s3-prefix needs --s3-bucket.');
  if (opts.s3Bucket !== undefined && opts.out !== undefined) throw new UsageError(`Give either ${folderOption} or --s3-bucket, not both.`);
}

/** The flags that name the store of `opts` to another command (none for the default folder). */
function storeArgs(opts: StoreOptions): string {
  const quote = (v: string) => (/^[\w./:@=+-]+$/.test(v) ? v : `'${v.replaceAll("'", "'\\''")}'`);
  if (opts.s3Bucket !== undefined)
    return ` --s3-bucket ${quote(opts.s3Bucket)}${opts.s3Prefix === undefined ? '' : ` --s3-prefix ${quote(opts.s3Prefix)}`}`;
  return opts.out === undefined ? '' : ` --dir ${quote(opts.out)}`;
}

/** The evidence folder, or the S3 Object Lock bucket with --s3-bucket. */
async function chooseStore(opts: StoreOptions, folderOption: string): Promise<{ store: EvidenceStore; folder?: string }> {
  checkStoreOptions(opts, folderOption);
  if (opts.s3Bucket === undefined) {
    const folder = resolve(opts.out ?? './evidence');
    const { LocalFolderStore } = await import('../store/local.js');
    return { store: new LocalFolderStore(folder), folder };
  }
  const { cliS3Store } = await import('./cloud.js');
  return {
    store: cliS3Store({
      bucket: opts.s3Bucket,
      ...(opts.s3Prefix === undefined ? {} : { prefix: opts.s3Prefix }),
      ...(opts.retentionDays === undefined ? {} : { retentionDays: opts.retentionDays }),
    }),
  };
}

function progressReporter(io: Io, enabled: boolean): (event: ProgressEvent) => void {
  let collected = 0;
  return (event) => {
    if (!enabled) return;
    if (event.type === 'collect') {
      collected++;
      const c = event.coverage;
      const detail = c.status === 'COMPLETE' ? `${c.records} record(s)` : `${c.status}: ${c.errors.map((e) => e.code).join(', ')}`;
      const line = `collect ${event.scope.accountId} ${event.scope.region} ${event.collector}: ${detail}`;
      if (io.isTty) process.stderr.write(`\r\x1b[2K[${collected}] ${line}`);
      else io.err(line);
      return;
    }
    if (io.isTty && collected > 0) {
      process.stderr.write('\n');
      collected = 0;
    }
    if (event.type === 'evaluated') io.err(`evaluate: ${event.findings} finding(s)`);
    if (event.type === 'sealed') io.err(`seal: run ${event.runId}, ${event.objects} object(s) signed`);
    if (event.type === 'stored') io.err(`store: ${event.written} object(s) written, ${event.existing} already present`);
    if (event.type === 'timestamped') io.err(`timestamp: ${event.genTime} by ${event.tsaName} (${event.url})`);
    if (event.type === 'timestamp-failed') io.err(`timestamp: none, the run is sealed without one: ${event.message}`);
  };
}

async function realScopes(regions: string[] | undefined): Promise<{ scopes: Scope[] }> {
  const { GetCallerIdentityCommand, STSClient } = await import('@aws-sdk/client-sts');
  const sts = new STSClient({ ...(regions?.[0] ? { region: regions[0] } : {}) });
  let region: string | undefined;
  try {
    region = await sts.config.region();
  } catch {
    region = undefined;
  }
  const chosen = regions ?? (region ? [region] : undefined);
  if (chosen === undefined) throw new UsageError('No region: pass --regions or set AWS_REGION (or a region in your AWS profile).');
  let accountId: string;
  try {
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    if (!identity.Account) throw new Error('GetCallerIdentity returned no account.');
    accountId = identity.Account;
  } catch (error) {
    throw new UsageError(
      `Cannot tell which AWS account these credentials belong to (sts:GetCallerIdentity failed: ${(error as Error).message}). Check AWS_PROFILE or your credentials.`,
    );
  }
  return { scopes: chosen.map((r) => ({ accountId, region: r })) };
}

/** The `ai-evidence` command line, with exitOverride so that tests can drive it. */
export function buildProgram(io: Io = processIo): Command {
  const program = new Command('ai-evidence')
    .description('Collects, evaluates and seals evidence that AI workloads on AWS meet NIST AI RMF and the CAF-AI security perspective.')
    .version(TOOL_VERSION)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });

  program
    .command('assess')
    .description('Collect evidence, evaluate every control, seal the run into the evidence folder (or an S3 bucket) and verify it.')
    .option('--demo', 'assess the bundled demo estate offline instead of AWS')
    .option('--out <dir>', 'evidence folder (write-once); each run chains to the last one there (default: ./evidence)')
    .option('--s3-bucket <name>', 'store runs in this S3 bucket (Object Lock enabled) instead of the evidence folder')
    .option('--s3-prefix <prefix>', 'key prefix of the runs in the S3 bucket')
    .option('--retention-days <days>', 'COMPLIANCE retention of each object written to S3', parseDays, DEFAULT_RETENTION_DAYS)
    .option('--regions <list>', 'comma-separated regions (default: the SDK region)', parseRegions)
    .option('--signing-key <file>', 'local P-256 signing key, created on first use (default: <out>/../.ai-evidence/signing-key.pem)')
    .option('--kms-key-id <arn|alias>', 'sign with this AWS KMS key (ECC_NIST_P256, SIGN_VERIFY) instead of a local key')
    .option(
      '--attestations <dir>',
      `signed attestation files to seal with the run (default: ${DEFAULT_ATTESTATIONS_DIR}; with --demo, the demo's own)`,
    )
    .option(
      '--trusted-attesters <dir>',
      `trust list: one PEM public key per attester, named for them (e.g. dana-reyes.pem); only attestations signed by these keys count, and the list is sealed with the run (default: ${DEFAULT_TRUSTED_ATTESTERS_DIR}; with --demo and the demo's attestations, the demo's own)`,
    )
    .option(
      '--details',
      'also print every failing control, one row per collector that did not read completely, findings per control, and every framework requirement',
    )
    .option(
      '--tsa-url <url>',
      'ask this RFC 3161 Time-Stamp Authority for a token over the signed statement (repeat, or comma-separate, for fallbacks; with --demo, the in-process DEMO TSA is used when none is given)',
      collectUrl,
    )
    .option('--tsa-ca <file>', "the TSA's root certificate(s), PEM: a token is kept only if it chains to them (needed with --tsa-url)")
    .option('--tsa-timeout <duration>', 'how long each TSA gets before the run is sealed without a token (e.g. 10s)', durationOption)
    .addOption(new Option('--json', 'print the result as JSON on stdout (complete: every finding, coverage entry and requirement)'))
    .action(
      async (
        opts: StoreOptions & {
          tsaUrl?: string[];
          tsaCa?: string;
          tsaTimeout?: number;
          demo?: boolean;
          details?: boolean;
          regions?: string[];
          signingKey?: string;
          kmsKeyId?: string;
          attestations?: string;
          trustedAttesters?: string;
          json?: boolean;
        },
      ) => {
        // The flags that cannot go together are refused before anything is imported or read.
        checkStoreOptions(opts, '--out');
        if (opts.kmsKeyId !== undefined && opts.signingKey !== undefined)
          throw new UsageError('Give either --signing-key or --kms-key-id, not both.');
        const [
          { asRunAttestations, loadAttestations },
          { trustListAdvice },
          { demoEstate, estateClients, estateScopes },
          { assess },
          { verifyStore },
          { frameworks },
          { rollUp },
          { catalog },
          { loadOrCreateLocalSigner },
          {
            controlSummary,
            coverageGapTable,
            findingCounts,
            frameworkOverview,
            frameworkSummary,
            gapsByScope,
            requirementList,
            scopeGapLine,
            statusSeverityTable,
            verifySummary,
            worstControls,
          },
        ] = await Promise.all([
          import('../attestations/load.js'),
          import('../attestations/trust.js'),
          import('../demo/estate.js'),
          import('../pipeline/assess.js'),
          import('../seal/verify.js'),
          import('../frameworks/definitions.js'),
          import('../frameworks/rollup.js'),
          import('../controls/index.js'),
          import('../seal/local-signer.js'),
          import('./format.js'),
        ]);
        const { scopes } = opts.demo
          ? { scopes: estateScopes(demoEstate).filter((s) => opts.regions === undefined || opts.regions.includes(s.region)) }
          : await realScopes(opts.regions);
        const homeAccount = scopes[0]?.accountId;
        if (homeAccount === undefined) throw new UsageError('No account and region to assess: --regions names none of the demo estate.');
        // Attestations and their trust list are read before anything is collected: a bad file stops the run and is named.
        // The demo's list vouches for the demo's attestations only, not for a folder given with --attestations.
        const demoTrustList = opts.trustedAttesters === undefined && opts.demo && opts.attestations === undefined;
        const attestations = await loadAttestations(
          opts.attestations ?? (opts.demo ? DEMO_ATTESTATIONS_DIR : DEFAULT_ATTESTATIONS_DIR),
          new Date(),
          demoTrustList
            ? { dir: DEMO_TRUSTED_ATTESTERS_DIR, location: DEMO_TRUSTED_ATTESTERS_LOCATION, accountId: homeAccount }
            : { dir: opts.trustedAttesters ?? DEFAULT_TRUSTED_ATTESTERS_DIR, accountId: homeAccount },
        );
        const { store, folder } = await chooseStore(opts, '--out');
        let signer: Signer;
        if (opts.kmsKeyId !== undefined) {
          const { cliKmsSigner } = await import('./cloud.js');
          signer = await cliKmsSigner(opts.kmsKeyId);
        } else {
          const keyPath = resolve(opts.signingKey ?? resolve(opts.out ?? './evidence', '..', '.ai-evidence', 'signing-key.pem'));
          const local = await loadOrCreateLocalSigner(keyPath);
          signer = local.signer;
          if (local.created && !opts.json)
            io.err(`Created signing key ${keyPath} (public key ${keyPath}.pub.pem, key id ${signer.keyId}).`);
        }
        const realClients = opts.demo ? undefined : (await import('../collectors/clients.js')).awsClients;
        const clientsFor = realClients === undefined ? (accountId: string) => estateClients(demoEstate, accountId) : () => realClients();
        const collectorSettings = opts.demo ? undefined : (await import('../collectors/settings.js')).collectorSettingsFromEnv();
        if (opts.tsaUrl !== undefined && opts.tsaCa === undefined)
          throw new UsageError("--tsa-url needs --tsa-ca: the TSA's root certificate, which its tokens are checked against.");
        if (opts.tsaUrl === undefined && opts.tsaCa !== undefined) throw new UsageError('--tsa-ca needs --tsa-url.');
        const anchors = await readTsaAnchors(opts.tsaCa);
        const timestamp: TimestampOptions | undefined =
          opts.tsaUrl !== undefined && 'tsaAnchorsPem' in anchors
            ? {
                urls: opts.tsaUrl,
                anchorsPem: anchors.tsaAnchorsPem,
                ...(opts.tsaTimeout === undefined ? {} : { timeoutMs: opts.tsaTimeout }),
              }
            : opts.demo
              ? (await import('../demo/tsa.js')).demoTimestampOptions()
              : undefined;
        const result = await assess({
          store,
          signer,
          scopes,
          clientsFor,
          attestations: attestations.records,
          // The demo is the same wherever it runs: the collectors' settings come from the environment only against AWS.
          ...(collectorSettings === undefined ? {} : { collectorSettings }),
          ...(timestamp === undefined ? {} : { timestamp }),
          onProgress: progressReporter(io, !opts.json),
        });
        // The new run is checked in full, the earlier ones by their signed statements and chain links
        // (a store of a year of runs is not re-read every day); an earlier run that crashed before
        // its commit point is only a warning here. `ai-evidence verify` checks every run in full.
        const verification = await verifyStore(store, {
          ...anchors,
          allowIncomplete: true,
          inFull: ({ runId }) => runId === result.runId,
        });
        // The trust decision is taken from the records the run sealed, as a report of the run takes it later.
        const sealedAttestations = asRunAttestations(attestations).attestations;
        const untrusted = sealedAttestations.filter((a) => !a.trust.trusted);
        const advice = sealedAttestations.length > 0 ? trustListAdvice(attestations.trustList) : undefined;
        const results = frameworks.map((f) =>
          rollUp(f, catalog, result.findings, { attestations: sealedAttestations, at: result.startedAt }),
        );
        if (opts.json) {
          io.out(
            JSON.stringify(
              {
                runId: result.runId,
                ...(folder === undefined ? {} : { evidenceFolder: folder }),
                store: store.location,
                signerKeyId: signer.keyId,
                startedAt: result.startedAt,
                finishedAt: result.finishedAt,
                evidence: result.evidenceCount,
                attestations: sealedAttestations.length,
                trustedAttesters: {
                  dir: resolve(attestations.trustList.location),
                  found: attestations.trustList.found,
                  attesters: attestations.trustList.attesters.map(({ name, keyId }) => ({ name, keyId })),
                },
                untrustedAttestations: untrusted.map((a) => ({
                  file: a.file,
                  framework: a.attestation.framework,
                  requirement: a.attestation.requirement,
                  owner: a.attestation.owner.name,
                  keyId: a.keyId,
                  reason: a.trust.trusted ? '' : a.trust.reason,
                })),
                findings: findingCounts(result.findings),
                timestamp: result.timestamp ?? null,
                coverage: result.coverage,
                frameworks: results,
                verification: { ok: verification.ok, problems: verification.problems },
              },
              null,
              2,
            ),
          );
        } else {
          io.out(
            `\nRun ${result.runId}: ${result.evidenceCount} evidence record(s), ${result.findings.length} finding(s), sealed in ${store.location}.`,
          );
          const details = opts.details === true;
          io.out(`\nFindings by status and severity\n${statusSeverityTable(result.findings)}`);
          io.out(
            `\n${worstControls(result.findings, details ? Number.POSITIVE_INFINITY : TOP_CONTROLS, `ai-evidence findings --status FAIL${storeArgs(opts)} lists every failing resource; assess --details every failing control.`)}`,
          );
          const gaps = gapsByScope(result.coverage);
          if (gaps.length > 0) {
            const collectorGaps = result.coverage.filter((c) => c.status !== 'COMPLETE').length;
            io.out(
              `\nCoverage gaps: ${collectorGaps} collector read(s) incomplete in ${gaps.length} account(s) and region(s); their controls are INSUFFICIENT_EVIDENCE there${details ? '' : ' (one row per collector with --details)'}.`,
            );
            for (const g of gaps) io.out(`  ${scopeGapLine(g)}`);
            if (details) io.out(coverageGapTable(result.coverage));
          }
          if (details) io.out(`\nFindings per control\n${controlSummary(result.findings)}`);
          if (sealedAttestations.length > 0) {
            io.out(
              `\nAttestations: ${sealedAttestations.length} sealed, ${sealedAttestations.length - untrusted.length} signed by a trusted key and counted (trust list ${attestations.trustList.location}: ${attestations.trustList.attesters.length} key(s)).`,
            );
            for (const a of untrusted) {
              io.out(
                `  ${a.file}: ${a.attestation.framework} ${a.attestation.requirement} by ${a.attestation.owner.name} is not counted, ${a.trust.trusted ? '' : a.trust.reason}.`,
              );
            }
          }
          io.out(
            `\nRequirements per status${details ? '' : ' (per group, and every requirement with its evidence, with --details)'}\n${frameworkOverview(results)}`,
          );
          if (details) {
            for (const r of results) io.out(`\n${frameworkSummary(r)}`);
            for (const r of results.filter((x) => x.framework !== 'iso-42001')) io.out(`\n${requirementList(r)}`);
          }
          io.out(`\n${verifySummary(verification)}`);
        }
        if (advice !== undefined) io.err(advice);
        if (!verification.ok) process.exitCode = 1;
      },
    );

  addAttestCommand(program, io);

  program
    .command('verify')
    .description(
      'Verify every run in an evidence folder (or an S3 bucket), or an evidence bundle (.zip): signatures, digests, Merkle proofs, re-evaluation, chain.',
    )
    .argument('[dir]', 'evidence folder (default: ./evidence), or a bundle.zip made by export')
    .option('--s3-bucket <name>', 'verify the runs in this S3 bucket instead of an evidence folder')
    .option('--s3-prefix <prefix>', 'key prefix of the runs in the S3 bucket')
    .option('--public-key <file>', "pin the signer public key (PEM or DER) received out of band; default: the oldest run's key")
    .option('--allow-incomplete', 'accept runs that crashed before their signed statement (reported as warnings)')
    .option(
      '--from <date>',
      'check in full only the runs started from this day or time; the others by their signed statements and chain links',
      dateOption(false),
    )
    .option('--to <date>', 'check in full only the runs started up to this day (included) or time', dateOption(true))
    .option('--tsa-ca <file>', "pin the root certificate(s) (PEM) of the TSAs whose tokens you accept; default: only the DEMO TSA's")
    .option(
      '--require-timestamp',
      'fail every run without a verified RFC 3161 token (by default a run without one is reported as "no timestamp")',
    )
    .option(
      '--time-tolerance <duration>',
      "how far a run's signed start and finish may lie from its token time (default 10m)",
      durationOption,
    )
    .option(
      '--max-age <duration>',
      "fail when the newest run's trusted time (its token's, else its signed finish) is older than this, e.g. 36h or 2d",
      durationOption,
    )
    .option(
      '--expect-head <digest>',
      'fail unless the chain ends at this statement SHA-256 (from the bundle README or Security Hub)',
      digestOption,
    )
    .option('--json', 'print the report as JSON on stdout')
    .action(
      async (
        dir: string | undefined,
        opts: StoreOptions & TimeFlags & { publicKey?: string; allowIncomplete?: boolean; json?: boolean; from?: Date; to?: Date },
      ) => {
        const publicKey = await readPublicKey(opts.publicKey);
        const pin = { ...(publicKey ? { publicKey, publicKeySource: opts.publicKey as string } : {}), ...(await timeOptions(opts)) };
        const { bundleVerifySummary, verifySummary } = await import('./format.js');
        if (dir?.toLowerCase().endsWith('.zip')) {
          const [{ FileSource }, { verifyBundle }] = await Promise.all([
            import('../export/unzip.js'),
            import('../export/verify-bundle.js'),
          ]);
          if (opts.s3Bucket !== undefined) throw new UsageError('Give either a bundle or --s3-bucket, not both.');
          let source: InstanceType<typeof FileSource>;
          try {
            source = new FileSource(dir);
          } catch (error) {
            throw new UsageError(`Cannot read the bundle ${dir}: ${(error as Error).message}`);
          }
          let report: BundleVerifyReport;
          try {
            report = await verifyBundle(source, resolve(dir), pin);
          } finally {
            source.close();
          }
          io.out(opts.json ? JSON.stringify(report, null, 2) : bundleVerifySummary(report));
          if (!report.ok) process.exitCode = 1;
          return;
        }
        const { store } = await chooseStore({ ...opts, ...(dir === undefined ? {} : { out: dir }) }, 'an evidence folder');
        if (opts.from !== undefined && opts.to !== undefined && opts.from.getTime() > opts.to.getTime())
          throw new UsageError('--from is after --to.');
        const { startedBetween, verifyStore } = await import('../seal/verify.js');
        const range = opts.from === undefined && opts.to === undefined ? {} : { inFull: startedBetween(opts.from, opts.to) };
        const report = await verifyStore(store, { ...pin, ...range, allowIncomplete: opts.allowIncomplete === true });
        io.out(opts.json ? JSON.stringify(report, null, 2) : verifySummary(report));
        if (!report.ok) process.exitCode = 1;
      },
    );

  program
    .command('export')
    .description(
      'Write an evidence bundle for auditors (zip): the runs started in [--from, --to], OSCAL assessment results, an HTML report, findings CSV, every object with its inclusion proof.',
    )
    .requiredOption('--from <date>', 'first day (YYYY-MM-DD, UTC) or time (ISO-8601 with zone) of the runs to export', dateOption(false))
    .requiredOption('--to <date>', 'last day (included) or time of the runs to export', dateOption(true))
    .requiredOption('--out <file>', 'the bundle to write, e.g. bundle.zip')
    .addOption(new Option('--framework <id>', 'the framework the report leads with').choices(REPORT_FRAMEWORK_IDS))
    .option('--dir <dir>', 'evidence folder (default: ./evidence)')
    .option('--s3-bucket <name>', 'export the runs in this S3 bucket instead of an evidence folder')
    .option('--s3-prefix <prefix>', 'key prefix of the runs in the S3 bucket')
    .option('--public-key <file>', "pin the signer public key the store must verify with; default: the oldest run's key")
    .option('--tsa-ca <file>', "the root certificate(s) (PEM) the runs' timestamp tokens must chain to; default: only the DEMO TSA's")
    .action(
      async (opts: {
        tsaCa?: string;
        from: Date;
        to: Date;
        out: string;
        framework?: ReportFramework;
        dir?: string;
        s3Bucket?: string;
        s3Prefix?: string;
        publicKey?: string;
      }) => {
        if (opts.from.getTime() > opts.to.getTime()) throw new UsageError('--from is after --to.');
        const [{ ExportError, writeBundle }, { runsCheckedInFull, startedBetween, verifyStore }, { verifySummary }] = await Promise.all([
          import('../export/bundle.js'),
          import('../seal/verify.js'),
          import('./format.js'),
        ]);
        const { store } = await chooseStore(
          {
            ...(opts.dir === undefined ? {} : { out: opts.dir }),
            ...(opts.s3Bucket === undefined ? {} : { s3Bucket: opts.s3Bucket }),
            ...(opts.s3Prefix === undefined ? {} : { s3Prefix: opts.s3Prefix }),
          },
          '--dir',
        );
        const publicKey = await readPublicKey(opts.publicKey);
        // Only evidence that verifies is exported: the runs to export are checked in full first, the
        // rest of the chain by its signed statements and links, so the cost follows the range asked
        // for, not the age of the store.
        const verification = await verifyStore(store, {
          ...(publicKey ? { publicKey, publicKeySource: opts.publicKey as string } : {}),
          ...(await readTsaAnchors(opts.tsaCa)),
          allowIncomplete: true,
          inFull: startedBetween(opts.from, opts.to),
        });
        if (!verification.ok) {
          io.err(verifySummary(verification));
          throw new UsageError(`${store.location} does not verify: nothing was exported. Fix or investigate the problems above first.`);
        }
        // A run judged with control versions this tool does not have is exported, and said so.
        for (const run of verification.runs)
          for (const w of run.warnings) if (run.notReEvaluated.length > 0) io.err(`warning: ${w.message}`);
        // The runs of the range are those the check read in full: their statements are not read again.
        const runIds = runsCheckedInFull(verification);
        if (runIds.length === 0) {
          throw new UsageError(
            `No run of ${store.location} started between ${opts.from.toISOString()} and ${opts.to.toISOString()}: nothing was exported.`,
          );
        }
        const out = resolve(opts.out);
        try {
          const summary = await writeBundle(store, runIds, out, {
            from: opts.from,
            to: opts.to,
            ...(opts.framework === undefined ? {} : { framework: opts.framework }),
          });
          io.out(
            `Exported ${summary.runs.length} run(s) (${summary.findings} finding(s), ${summary.evidence} evidence record(s), ${summary.objects} object(s) with their inclusion proofs) to ${out}.`,
          );
          io.out(
            `Head statement SHA-256: ${summary.head.statementSha256} (run ${summary.head.runId}), also the first line of its README.md.`,
          );
          io.out(`Check it with: ai-evidence verify ${opts.out}`);
        } catch (error) {
          if (error instanceof ExportError) throw new UsageError(error.message);
          throw error;
        }
      },
    );

  program
    .command('diff')
    .description(
      'Show what changed between two verified runs (default: the last two complete runs): findings new, resolved, with another status or reason, coverage, and the requirements of every framework whose status changed, with why.',
    )
    .argument('[run-a]', 'the run before (default: the complete run before the newest)')
    .argument('[run-b]', 'the run after (default: the newest complete run other than run-a)')
    .option('--dir <dir>', 'evidence folder (default: ./evidence)')
    .option('--s3-bucket <name>', 'compare runs stored in this S3 bucket instead of an evidence folder')
    .option('--s3-prefix <prefix>', 'key prefix of the runs in the S3 bucket')
    .option('--public-key <file>', "pin the signer public key the store must verify with; default: the oldest run's key")
    .option('--json', 'print the diff as JSON on stdout')
    .action(
      async (
        runA: string | undefined,
        runB: string | undefined,
        opts: { dir?: string; s3Bucket?: string; s3Prefix?: string; publicKey?: string; json?: boolean },
      ) => {
        const [{ RunDiffSchema }, { DiffError, DiffRefusedError, verifiedDiff }, { diffText }, { verifySummary }] = await Promise.all([
          import('../diff/schema.js'),
          import('../diff/store.js'),
          import('../diff/text.js'),
          import('./format.js'),
        ]);
        const { store } = await chooseStore(
          {
            ...(opts.dir === undefined ? {} : { out: opts.dir }),
            ...(opts.s3Bucket === undefined ? {} : { s3Bucket: opts.s3Bucket }),
            ...(opts.s3Prefix === undefined ? {} : { s3Prefix: opts.s3Prefix }),
          },
          '--dir',
        );
        const publicKey = await readPublicKey(opts.publicKey);
        let result: Awaited<ReturnType<typeof verifiedDiff>>;
        try {
          // Both runs are verified in full first (the rest of the chain by its statements): a run that does not verify is not compared.
          result = await verifiedDiff(store, {
            ...(runA === undefined ? {} : { before: runA }),
            ...(runB === undefined ? {} : { after: runB }),
            ...(publicKey ? { publicKey, publicKeySource: opts.publicKey as string } : {}),
          });
        } catch (error) {
          if (error instanceof DiffRefusedError) {
            io.err(verifySummary(error.verification));
            throw new UsageError(error.message);
          }
          if (error instanceof DiffError) throw new UsageError(error.message);
          throw error;
        }
        for (const run of result.verification.runs)
          for (const w of run.warnings) if (run.notReEvaluated.length > 0) io.err(`warning: ${w.message}`);
        io.out(opts.json ? JSON.stringify(RunDiffSchema.parse(result.diff), null, 2) : diffText(result.diff));
      },
    );

  program
    .command('publish')
    .description(
      'Publish the findings of the newest sealed run (or --run) to AWS Security Hub in the current region, archive those it no longer reports, and write its chain head finding (the head digest, printed).',
    )
    .option('--run <id>', 'the run to publish (default: the newest run with a signed statement)')
    .option('--dir <dir>', 'evidence folder (default: ./evidence)')
    .option('--s3-bucket <name>', 'publish a run stored in this S3 bucket instead of an evidence folder')
    .option('--s3-prefix <prefix>', 'key prefix of the runs in the S3 bucket')
    .option(
      '--resolve-workflow',
      'also set the workflow of findings now passing or archived to RESOLVED where it is still NEW or NOTIFIED (needs securityhub:BatchUpdateFindings)',
    )
    .option(
      '--send-unchanged',
      'send every finding of the run; by default a finding Security Hub holds as it is, updated within 30 days, is not sent again',
    )
    .option(
      '--member-role-name <name>',
      "also publish each member account's findings through this role in the account (the member publish role), assumed with --external-id",
      parseRoleName,
    )
    .option('--external-id <id>', 'the ExternalId the member publish role requires (with --member-role-name)', parseExternalId)
    .option('--json', 'print the publish report as JSON on stdout')
    .action(
      async (opts: {
        run?: string;
        dir?: string;
        s3Bucket?: string;
        s3Prefix?: string;
        resolveWorkflow?: boolean;
        sendUnchanged?: boolean;
        memberRoleName?: string;
        externalId?: string;
        json?: boolean;
      }) => {
        if ((opts.memberRoleName === undefined) !== (opts.externalId === undefined)) {
          throw new UsageError(
            '--member-role-name and --external-id go together: the member publish role is assumed with the ExternalId its trust policy requires.',
          );
        }
        const [
          { incompleteMessage },
          { PublishSetupError, publishFromCli, publishSummary },
          { PublishRunError },
          { SecurityHubPublishError },
        ] = await Promise.all([
          import('../publish/accounts.js'),
          import('../publish/cli.js'),
          import('../publish/run.js'),
          import('../publish/securityhub.js'),
        ]);
        const { store } = await chooseStore(
          {
            ...(opts.dir === undefined ? {} : { out: opts.dir }),
            ...(opts.s3Bucket === undefined ? {} : { s3Bucket: opts.s3Bucket }),
            ...(opts.s3Prefix === undefined ? {} : { s3Prefix: opts.s3Prefix }),
          },
          '--dir',
        );
        let report: Awaited<ReturnType<typeof publishFromCli>>;
        try {
          report = await publishFromCli(store, opts.run, {
            resolveWorkflow: opts.resolveWorkflow === true,
            sendUnchanged: opts.sendUnchanged === true,
            ...(opts.memberRoleName !== undefined && opts.externalId !== undefined
              ? { members: { roleName: opts.memberRoleName, externalId: opts.externalId } }
              : {}),
          });
        } catch (error) {
          if (error instanceof SecurityHubPublishError || error instanceof PublishRunError || error instanceof PublishSetupError) {
            throw new UsageError(error.message);
          }
          throw error;
        }
        io.out(opts.json ? JSON.stringify(report, null, 2) : publishSummary(report));
        // An account not published is the publish failing (as it did when the only account failed): exit 2, naming each.
        if (!report.complete) throw new UsageError(incompleteMessage(report));
        const failed = report.accounts.reduce(
          (sum, a) =>
            sum + a.imported.failed.length + a.archived.failed.length + (a.head.written ? 0 : 1) + (a.workflowResolved?.failed.length ?? 0),
          0,
        );
        if (failed > 0) process.exitCode = 1;
      },
    );

  program
    .command('findings')
    .description(
      'List the sealed findings of the newest run (or --run), worst control first: e.g. --status FAIL for every failing resource.',
    )
    .option('--run <id>', 'the run (default: the newest run with a signed statement)')
    .option('--dir <dir>', 'evidence folder (default: ./evidence)')
    .option('--s3-bucket <name>', 'read a run stored in this S3 bucket instead of an evidence folder')
    .option('--s3-prefix <prefix>', 'key prefix of the runs in the S3 bucket')
    .option('--status <status>', `only findings with this status: ${FINDING_STATUSES.join(', ')}`, parseStatus)
    .option(
      '--severity <severity>',
      `only findings of this severity: ${SEVERITIES.map((s) => s.toLowerCase()).join(', ')}`,
      parseSeverityOption,
    )
    .option('--control <id>', 'only findings of this control')
    .option('--json', 'print the findings as JSON on stdout')
    .action(
      async (opts: {
        run?: string;
        dir?: string;
        s3Bucket?: string;
        s3Prefix?: string;
        status?: FindingStatus;
        severity?: Severity;
        control?: string;
        json?: boolean;
      }) => {
        const [{ catalog }, { SealedRunReadError }, { newestSealedRun }, { findingsTable, sealedFindings }] = await Promise.all([
          import('../controls/index.js'),
          import('../export/load.js'),
          import('../publish/run.js'),
          import('./findings.js'),
        ]);
        const { store } = await chooseStore(
          {
            ...(opts.dir === undefined ? {} : { out: opts.dir }),
            ...(opts.s3Bucket === undefined ? {} : { s3Bucket: opts.s3Bucket }),
            ...(opts.s3Prefix === undefined ? {} : { s3Prefix: opts.s3Prefix }),
          },
          '--dir',
        );
        if (opts.control !== undefined && !catalog.some((c) => c.id === opts.control))
          io.err(`warning: ${opts.control} is not a control of this tool's catalog; listing the run's findings of that id, if any.`);
        const runId = opts.run ?? (await newestSealedRun(store));
        if (runId === undefined) throw new UsageError(`${store.location} holds no sealed run.`);
        const filter = {
          ...(opts.status === undefined ? {} : { status: opts.status }),
          ...(opts.severity === undefined ? {} : { severity: opts.severity }),
          ...(opts.control === undefined ? {} : { control: opts.control }),
        };
        let listed: Awaited<ReturnType<typeof sealedFindings>>;
        try {
          listed = await sealedFindings(store, runId, filter);
        } catch (error) {
          if (error instanceof SealedRunReadError) throw new UsageError(error.message);
          throw error;
        }
        if (opts.json) {
          io.out(JSON.stringify({ runId, filter, total: listed.total, findings: listed.findings }, null, 2));
          return;
        }
        const what = [opts.status, opts.severity?.toLowerCase(), opts.control].filter(Boolean).join(', ');
        io.out(
          `Run ${runId}: ${listed.findings.length} of ${listed.total} finding(s)${what === '' ? '' : ` (${what})`}, each checked against the run's manifest; run verify to check its signature.`,
        );
        if (listed.findings.length > 0) io.out(findingsTable(listed.findings));
      },
    );

  program
    .command('proof')
    .description("Print one object's Merkle inclusion proof (JSON) and check it against the run's signed root.")
    .argument('<dir>', 'evidence folder')
    .argument(
      '<key>',
      'object key, e.g. runs/<run>/findings/<sha256>.json (of a sharded run: runs/<run>/shards/<shard>/findings/<sha256>.json)',
    )
    .action(async (dir: string, key: string) => {
      const runId = /^runs\/([^/]+)\//.exec(key)?.[1];
      if (runId === undefined) throw new UsageError(`${key} is not an object key of a run (runs/<run>/...).`);
      const [{ LocalFolderStore }, { checkItemProof, itemProof, shardedProof }, { parseShardItemKey }] = await Promise.all([
        import('../store/local.js'),
        import('../seal/proof.js'),
        import('../seal/shard.js'),
      ]);
      const store = new LocalFolderStore(resolve(dir));
      // An item of a sharded run is no object of its own: its bytes are read from its shard's pack.
      let proved: { proof: ItemProof | ShardedItemProof; bytes: () => Promise<Buffer> };
      try {
        if (parseShardItemKey(key) === undefined) {
          const proof = await itemProof(store, runId, key);
          proved = { proof, bytes: () => store.get(key) };
        } else {
          const { proof, bytes } = await shardedProof(store, key);
          proved = { proof, bytes: async () => bytes };
        }
      } catch (error) {
        throw new UsageError((error as Error).message);
      }
      io.out(JSON.stringify(proved.proof, null, 2));
      const through = 'shardId' in proved.proof ? ` through the root of shard ${proved.proof.shardId}` : '';
      if (checkItemProof(proved.proof, await proved.bytes())) {
        io.err(
          `The inclusion proof of ${key} leads${through} to the root in the statement of run ${runId}; run verify to check its signature.`,
        );
      } else {
        io.err(`The inclusion proof of ${key} does NOT lead to the root of run ${runId}.`);
        process.exitCode = 1;
      }
    });

  program
    .command('controls')
    .description('List the control catalog with its framework mappings.')
    .option('--json', 'print the catalog as JSON')
    .action(async (opts: { json?: boolean }) => {
      const [{ catalog, catalogVersion, metadataOf }, { table }] = await Promise.all([
        import('../controls/index.js'),
        import('./format.js'),
      ]);
      const serviceOf = new Map(COLLECTOR_MANIFEST.map((c) => [c.id, c.service]));
      const metadata = catalog.map((c) => ({
        ...metadataOf(c),
        sourceServices: [...new Set(c.collectors.map((id) => serviceOf.get(id) ?? id.split('.')[0] ?? id))].sort(),
      }));
      if (opts.json) io.out(JSON.stringify({ catalogVersion, controls: metadata }, null, 2));
      else
        io.out(
          table(
            ['control', 'severity', 'AI RMF', 'CAF-AI'],
            metadata.map((m) => [m.id, m.severity, m.aiRmf.join(', '), m.cafAi.join(', ')]),
          ),
        );
    });

  return program;
}
