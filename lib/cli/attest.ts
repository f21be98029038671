import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Command, Option } from 'commander';
import type { Attestation, AttestationSchema } from '../attestations/attestation.js';
import { FRAMEWORK_IDS } from '../frameworks/definitions.js';
import { UsageError } from './errors.js';

/** The demo estate's signed attestations, used by `assess --demo`. */
export const DEMO_ATTESTATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'demo', 'attestations');

/** The default folder of attestation files: read by `assess`, written by `attest`. */
export const DEFAULT_ATTESTATIONS_DIR = './attestations';

/** The demo's trust list: the public key that signed the demo attestations. */
export const DEMO_TRUSTED_ATTESTERS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'demo', 'trusted-attesters');

/**
 * The default trust list of attester keys, read by `assess`: beside the attestations folder, not in
 * it, so that who may drop attestations and who may approve attesters can differ.
 */
export const DEFAULT_TRUSTED_ATTESTERS_DIR = './trusted-attesters';
/**
 * How a demo run's sealed trust list names the demo's bundled list: the same on every machine,
 * rather than the path ai-evidence is installed under.
 */
export const DEMO_TRUSTED_ATTESTERS_LOCATION = 'ai-evidence demo: lib/demo/trusted-attesters';

interface Io {
  out(text: string): void;
  err(text: string): void;
}

interface AttestOptions {
  framework: Attestation['framework'];
  requirement: string;
  account: string;
  statement: string;
  owner: string;
  ownerEmail?: string;
  ownerRole?: string;
  evidence: string[];
  validUntil: string;
  key?: string;
  dir: string;
  now?: string;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** A calendar day as YYYY-MM-DD that exists (2026-02-31 does not, although Date.parse rolls it over). */
function isDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const time = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === value;
}

/** The flag each field of an attestation comes from, to name it in an error. */
const FLAG_OF: Record<string, string> = {
  framework: '--framework',
  requirement: '--requirement',
  accountId: '--account',
  statement: '--statement',
  'owner.name': '--owner',
  'owner.email': '--owner-email',
  'owner.role': '--owner-role',
  evidenceLinks: '--evidence',
  issuedAt: '--now',
  validUntil: '--valid-until',
};

/** One sentence per problem of the attestation `attestation` built from the flags, naming the flag and what it got. */
function problemsOf(attestation: Attestation, schema: typeof AttestationSchema): string[] {
  const problems: string[] = [];
  if (!isDay(attestation.validUntil)) problems.push(`--valid-until ${attestation.validUntil} is not a date (YYYY-MM-DD).`);
  const parsed = schema.safeParse(attestation);
  if (parsed.success) return problems;
  const seen = new Set<string>();
  for (const issue of parsed.error.issues) {
    const field = issue.path.filter((p) => typeof p === 'string').join('.');
    const index = issue.path.find((p) => typeof p === 'number');
    const flag = FLAG_OF[field] ?? field;
    // A day that does not exist is said once, not again as before the issue time.
    if (field === 'validUntil' && !isDay(attestation.validUntil)) continue;
    const key = `${field}/${index ?? ''}/${issue.code}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(sentenceOf(field, flag, attestation, index, issue.code === 'custom' ? issue.message : undefined));
  }
  return problems;
}

function sentenceOf(field: string, flag: string, a: Attestation, index: number | undefined, custom: string | undefined): string {
  switch (field) {
    case 'requirement':
      return custom !== undefined ? `--requirement ${custom}.` : '--requirement is empty: name the requirement attested.';
    case 'accountId':
      return `--account ${a.accountId} is not an AWS account id (12 digits).`;
    case 'statement':
      return '--statement is too short: say what is attested in at least a sentence (20 characters or more).';
    case 'owner.name':
      return '--owner is empty: name the person accountable.';
    case 'owner.email':
      return `--owner-email ${a.owner.email} is not an email address.`;
    case 'owner.role':
      return '--owner-role is empty: leave it out or name the role.';
    case 'evidenceLinks':
      return index === undefined
        ? '--evidence is missing: link at least one piece of evidence.'
        : `--evidence ${a.evidenceLinks[index]} is not an http or https link.`;
    case 'issuedAt':
      return `--now ${a.issuedAt} is not an ISO-8601 time with its zone (e.g. 2026-01-01T00:00:00Z).`;
    case 'validUntil':
      return custom !== undefined
        ? `--valid-until ${a.validUntil} is before the issue time ${a.issuedAt}: an attestation must hold when it is signed.`
        : `--valid-until ${a.validUntil} is not a date (YYYY-MM-DD).`;
    default:
      return `${flag} is not valid${custom !== undefined ? `: ${custom}` : ''}.`;
  }
}

/** A trust list file name for an attester: `dana-reyes.pem`. */
function trustFileNameOf(owner: string): string {
  const slug = owner
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${slug || 'attester'}.pem`;
}

/** A file name from the requirement: `nist-ai-rmf_GOVERN-1.1_<digest>.attestation.json`. */
function fileNameOf(attestation: Attestation, payloadSha256: string, suffix: string): string {
  const requirement = attestation.requirement.replace(/[^A-Za-z0-9.]+/g, '-');
  return `${attestation.framework}_${requirement}_${payloadSha256.slice(0, 12)}${suffix}`;
}

/** `ai-evidence attest`: writes a signed attestation file that later runs seal as evidence. */
export function addAttestCommand(program: Command, io: Io): void {
  program
    .command('attest')
    .description(
      'Sign a manual attestation for a requirement no API can show (a policy, a review, a decision); runs seal it as evidence until it expires.',
    )
    .addOption(new Option('--framework <id>', 'the framework of the requirement').choices(FRAMEWORK_IDS).default('nist-ai-rmf'))
    .requiredOption(
      '--requirement <id>',
      'the requirement attested, e.g. "GOVERN 1.1", "incident-response", "A.2.2", "LLM01:2025", "Art. 4"',
    )
    .requiredOption('--account <id>', 'the AWS account whose AI systems it is about (organisation-wide: the management account)')
    .requiredOption('--statement <text>', 'what is attested, so that a reviewer can check it against the evidence links')
    .requiredOption('--owner <name>', 'the person accountable for it')
    .option('--owner-email <email>', "the owner's email")
    .option('--owner-role <role>', "the owner's role, e.g. Head of AI Governance")
    .requiredOption('--evidence <url>', 'a link to the evidence (repeat for several)', collect)
    .requiredOption('--valid-until <date>', 'the last day it holds (YYYY-MM-DD, UTC); afterwards it counts as missing')
    .option('--key <file>', "the attester's P-256 private key, created on first use", './.ai-evidence/attester-key.pem')
    .option('--dir <dir>', 'where to write the file; assess reads this folder', DEFAULT_ATTESTATIONS_DIR)
    .addOption(new Option('--now <iso>', 'the issue time (for reproducible examples)').hideHelp())
    .action(async (opts: AttestOptions) => {
      const [{ AttestationSchema, openAttestation, signAttestation }, { ATTESTATION_FILE_SUFFIX }, { loadOrCreateLocalSigner }] =
        await Promise.all([import('../attestations/attestation.js'), import('../attestations/load.js'), import('../seal/local-signer.js')]);
      const attestation: Attestation = {
        schemaVersion: 1,
        framework: opts.framework,
        requirement: opts.requirement,
        accountId: opts.account,
        statement: opts.statement,
        owner: {
          name: opts.owner,
          ...(opts.ownerEmail !== undefined ? { email: opts.ownerEmail } : {}),
          ...(opts.ownerRole !== undefined ? { role: opts.ownerRole } : {}),
        },
        evidenceLinks: opts.evidence,
        issuedAt: opts.now ?? new Date().toISOString(),
        validUntil: opts.validUntil,
      };
      // Everything is checked before the key is loaded or created: a typo leaves no key behind.
      const problems = problemsOf(attestation, AttestationSchema);
      if (problems.length > 0) throw new UsageError(problems.join(' '));
      const keyPath = resolve(opts.key ?? './.ai-evidence/attester-key.pem');
      const { signer, created } = await loadOrCreateLocalSigner(keyPath);
      if (created) io.err(`Created attester key ${keyPath} (public key ${keyPath}.pub.pem, key id ${signer.keyId}).`);
      const file = await signAttestation(attestation, signer);
      const opened = openAttestation(file, 'the new attestation');
      const path = join(resolve(opts.dir), fileNameOf(attestation, opened.payloadSha256, ATTESTATION_FILE_SUFFIX));
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, `${JSON.stringify(file, null, 2)}\n`, { flag: 'wx' });
      io.out(path);
      io.err(
        `Signed by key ${signer.keyId} (public key ${keyPath}.pub.pem); valid until ${attestation.validUntil}. Runs that read ${opts.dir} seal it with their evidence.`,
      );
      io.err(
        `It counts only if this key is on the assessor's trust list of attester keys: whoever approves attesters adds it once, e.g. cp ${keyPath}.pub.pem ${join(DEFAULT_TRUSTED_ATTESTERS_DIR, trustFileNameOf(opts.owner))} (assess --trusted-attesters names another folder).`,
      );
    });
}
