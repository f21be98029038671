import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import * as z from 'zod';
import { writeBundle } from '../lib/export/bundle.js';
import { REPORT_FRAMEWORK_IDS } from '../lib/export/report.js';
import { kmsSigner } from '../lib/seal/kms-signer.js';
import { runsCheckedInFull, startedBetween, verifyStore } from '../lib/seal/verify.js';
import { S3ObjectLockStore } from '../lib/store/s3.js';
import { parseDateBound } from '../lib/util/dates.js';
import { readEnv } from './env.js';
import { type AwsClients, awsClients } from './shared/clients.js';
import { InvalidEventError, lambdaHandler, logger, metrics, parseEvent } from './shared/handler.js';

/** A day (YYYY-MM-DD, UTC) or an ISO-8601 time with its zone, read as the CLI's --from and --to are. */
const dateBound = (end: boolean) =>
  z.string().transform((value, ctx) => {
    try {
      return parseDateBound(value, end);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  });

/** Strict: a misspelt `framework` must not silently give the default report. */
export const ExportEventSchema = z
  .strictObject({
    from: dateBound(false),
    to: dateBound(true),
    framework: z.enum(REPORT_FRAMEWORK_IDS).optional(),
  })
  .refine((e) => e.from.getTime() <= e.to.getTime(), { message: '`from` is after `to`', path: ['from'] });
export type ExportEvent = z.output<typeof ExportEventSchema>;

export interface ExportResult {
  bucket: string;
  key: string;
  /** A presigned GET of the bundle. */
  url: string;
  expiresAt: string;
}

/** The store does not verify, or holds no run in the range: nothing was exported. */
export class ExportRefusedError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ExportRefusedError';
  }
}

export interface ExportDeps {
  clients: Pick<AwsClients, 's3' | 'kms'>;
  now: () => Date;
  /** Where the bundle is written before it is uploaded (Lambda: /tmp). */
  scratchDir: () => string;
}

/**
 * Builds the auditor bundle of the runs started in [from, to] as the CLI's `export` does: those runs
 * are verified in full first and the rest of the chain by its statements (with the signing key's public key pinned when SIGNING_KEY_ID is set),
 * then lib/export writes the zip, which goes to EXPORT_BUCKET behind a short-lived presigned URL.
 */
export async function exportBundle(event: ExportEvent, deps: ExportDeps): Promise<ExportResult> {
  const env = readEnv(['EVIDENCE_BUCKET', 'EVIDENCE_PREFIX', 'EXPORT_BUCKET', 'EXPORT_URL_TTL_SECONDS', 'TSA_CA_PEM']);
  const signingKeyId = process.env.SIGNING_KEY_ID;
  const s3 = deps.clients.s3();
  const dir = await mkdtemp(join(deps.scratchDir(), 'ai-evidence-export-'));
  try {
    // Export only reads the store: the retention applies to writes and is never used here.
    const store = new S3ObjectLockStore({ client: s3, bucket: env.EVIDENCE_BUCKET, prefix: env.EVIDENCE_PREFIX, retentionDays: 1 });
    let publicKey: string | undefined;
    if (signingKeyId) {
      const kms = deps.clients.kms();
      try {
        publicKey = (await kmsSigner({ client: kms, keyId: signingKeyId })).publicKeyPem;
      } finally {
        kms.destroy();
      }
    }
    // The runs to export in full, the rest of the chain by its signed statements and links: the
    // export's time follows the range, not the number of runs the store has gathered.
    const verification = await verifyStore(store, {
      ...(publicKey ? { publicKey, publicKeySource: `KMS key ${signingKeyId}` } : {}),
      // The runs' tokens are checked against the deployment's TSA roots (without them, only the demo TSA's).
      ...(env.TSA_CA_PEM === undefined ? {} : { tsaAnchorsPem: env.TSA_CA_PEM, tsaAnchorsSource: 'TSA_CA_PEM' }),
      allowIncomplete: true,
      inFull: startedBetween(event.from, event.to),
    });
    if (!verification.ok) {
      const problems = verification.problems.slice(0, 10).map((p) => (p.object ? `${p.object}: ${p.message}` : p.message));
      throw new ExportRefusedError(
        `${store.location} does not verify, so nothing was exported (${verification.problems.length} problem(s)): ${problems.join(' | ')}`,
      );
    }
    // The runs of the range are those the check read in full: their statements are not read again.
    const runIds = runsCheckedInFull(verification);
    if (runIds.length === 0) {
      throw new InvalidEventError(
        `No run of ${store.location} started between ${event.from.toISOString()} and ${event.to.toISOString()}: nothing was exported.`,
      );
    }
    const generated = deps.now();
    const file = join(dir, 'bundle.zip');
    const bundle = await writeBundle(store, runIds, file, {
      from: event.from,
      to: event.to,
      generatedAt: generated.toISOString(),
      ...(event.framework ? { framework: event.framework } : {}),
    });

    const key = `exports/${generated.toISOString().replace(/[-:.]/g, '')}-${randomBytes(4).toString('hex')}.zip`;
    const { size } = await stat(file);
    await s3.send(
      new PutObjectCommand({
        Bucket: env.EXPORT_BUCKET,
        Key: key,
        Body: createReadStream(file),
        ContentLength: size,
        ContentType: 'application/zip',
        ContentDisposition: `attachment; filename="ai-evidence-${runIds.length}-runs.zip"`,
        ChecksumSHA256: await fileSha256Base64(file),
      }),
    );
    const url = await getSignedUrl(s3, new GetObjectCommand({ Bucket: env.EXPORT_BUCKET, Key: key }), {
      expiresIn: env.EXPORT_URL_TTL_SECONDS,
    });
    const expiresAt = new Date(generated.getTime() + env.EXPORT_URL_TTL_SECONDS * 1000).toISOString();
    metrics.addMetric('ExportedRuns', 'Count', bundle.runs.length);
    metrics.addMetric('ExportBytes', 'Bytes', size);
    logger.info('Bundle exported.', { bucket: env.EXPORT_BUCKET, key, runs: bundle.runs.length, bytes: size, expiresAt });
    return { bucket: env.EXPORT_BUCKET, key, url, expiresAt };
  } finally {
    s3.destroy();
    await rm(dir, { recursive: true, force: true });
  }
}

async function fileSha256Base64(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('base64');
}

/** A handler with its dependencies replaced, for tests. */
export function createExportHandler(deps: Partial<ExportDeps> = {}) {
  const full: ExportDeps = { clients: awsClients, now: () => new Date(), scratchDir: tmpdir, ...deps };
  return lambdaHandler('export', (event: unknown) => exportBundle(parseEvent('export', ExportEventSchema, event), full));
}

export const handler = createExportHandler();
