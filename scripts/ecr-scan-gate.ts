/**
 * Release gate: reads the ECR scan findings of the image tags an environment is about to run
 * (from release.json) and fails on CRITICAL findings that security/accepted-findings.json does
 * not accept. Waits for scans still in progress.
 *
 *   npx tsx scripts/ecr-scan-gate.ts --env staging
 *   npx tsx scripts/ecr-scan-gate.ts --env production --repository-prefix flashcard-lms --timeout-seconds 900
 */
import { DescribeImageScanFindingsCommand, DescribeImageScanFindingsCommandOutput, ECRClient } from '@aws-sdk/client-ecr';
import * as fs from 'fs';
import { printReport, runMain } from './cli';
import * as path from 'path';
import { parseArgs } from 'util';
import { z } from 'zod';
import { GITHUB } from '../lib/config/github';
import { loadRelease, releaseFor, SERVICES } from '../lib/config/release';

export const ACCEPTED_FINDINGS_FILE = path.join(__dirname, '..', 'security', 'accepted-findings.json');
/** Acceptances are temporary: each must be reviewed again within this many days. */
export const MAX_ACCEPTANCE_DAYS = 90;
const BLOCKING_SEVERITY = 'CRITICAL';
const DONE = ['COMPLETE', 'ACTIVE'];
const PENDING = ['IN_PROGRESS', 'PENDING'];

export interface ImageRef {
  readonly repository: string;
  readonly tag: string;
}

export interface Finding {
  /** CVE or advisory id. */
  readonly name: string;
  readonly severity: string;
  /** Affected package, when the scanner names it. */
  readonly package?: string;
}

export interface AcceptedFinding {
  readonly finding: string;
  readonly repository: string;
  readonly reason: string;
  readonly approvedBy: string;
  readonly expires: string;
}

export interface ImageResult {
  readonly image: ImageRef;
  /** passed: no unaccepted CRITICAL finding; failed: some; error: the scan could not be read. */
  readonly outcome: 'passed' | 'failed' | 'error';
  readonly blocking: readonly Finding[];
  readonly accepted: readonly Finding[];
  readonly highCount: number;
  readonly error?: string;
}

export interface GateOptions {
  readonly ecr: ECRClient;
  readonly images: readonly ImageRef[];
  readonly accepted: readonly AcceptedFinding[];
  /** @default new Date() */
  readonly now?: Date;
  /** How long to wait for a scan to complete. @default 600 000 ms */
  readonly timeoutMs?: number;
  /** @default 15 000 ms */
  readonly pollIntervalMs?: number;
  /** @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
  /** @default console.log */
  readonly log?: (line: string) => void;
}

const acceptedFindingSchema = z.strictObject({
  finding: z.string().min(1, 'must name the finding (CVE or advisory id)'),
  repository: z.string().min(1, 'must name the ECR repository, e.g. "flashcard-lms/backend"'),
  reason: z.string().min(20, 'must explain in at least 20 characters why the finding is acceptable'),
  approvedBy: z.string().min(1, 'must name who approved the acceptance'),
  expires: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date "YYYY-MM-DD"'),
});
const acceptedFileSchema = z.strictObject({ accepted: z.array(acceptedFindingSchema) });

/** Validates the accepted-findings file; throws one error listing every problem. */
export function parseAcceptedFindings(json: unknown, now: Date = new Date(), source = 'security/accepted-findings.json'): AcceptedFinding[] {
  const parsed = acceptedFileSchema.safeParse(json);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const at = issue.path.map(String).join('.') || '(root)';
      const message = issue.code === 'unrecognized_keys' ? `unknown field(s) ${issue.keys.join(', ')}; allowed: finding, repository, reason, approvedBy, expires` : issue.message;
      problems.push(`${source}: ${at}: ${message}`);
    }
    throw new Error(`Invalid accepted findings:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
  const limit = new Date(now.getTime() + MAX_ACCEPTANCE_DAYS * 86_400_000);
  parsed.data.accepted.forEach((a, i) => {
    const expires = new Date(`${a.expires}T23:59:59Z`);
    if (Number.isNaN(expires.getTime())) problems.push(`${source}: accepted.${i}.expires: is not a real date (got "${a.expires}")`);
    else if (expires > limit) problems.push(`${source}: accepted.${i}.expires: must be at most ${MAX_ACCEPTANCE_DAYS} days ahead, then reviewed again (got "${a.expires}")`);
  });
  if (problems.length > 0) throw new Error(`Invalid accepted findings:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return parsed.data.accepted;
}

/** True when the acceptance covers this finding in this repository and has not expired (it holds through its expiry day, UTC). */
export function isAccepted(finding: Finding, repository: string, accepted: readonly AcceptedFinding[], now: Date): boolean {
  return accepted.some((a) => a.finding === finding.name && a.repository === repository && new Date(`${a.expires}T23:59:59Z`) >= now);
}

function findingsOf(page: DescribeImageScanFindingsCommandOutput): Finding[] {
  const basic = (page.imageScanFindings?.findings ?? []).map((f) => ({
    name: f.name ?? '(unnamed)',
    severity: f.severity ?? 'UNDEFINED',
    package: f.attributes?.find((a) => a.key === 'package_name')?.value,
  }));
  // Enhanced scanning (Amazon Inspector) reports in a different shape.
  const enhanced = (page.imageScanFindings?.enhancedFindings ?? []).map((f) => ({
    name: f.packageVulnerabilityDetails?.vulnerabilityId ?? f.title ?? '(unnamed)',
    severity: f.severity ?? 'UNDEFINED',
    package: f.packageVulnerabilityDetails?.vulnerablePackages?.[0]?.name,
  }));
  return [...basic, ...enhanced];
}

type ScanRead = { readonly state: 'done'; readonly findings: Finding[] } | { readonly state: 'pending'; readonly why: string } | { readonly state: 'error'; readonly why: string };

async function readScan(ecr: ECRClient, image: ImageRef): Promise<ScanRead> {
  const findings: Finding[] = [];
  let nextToken: string | undefined;
  do {
    let page: DescribeImageScanFindingsCommandOutput;
    try {
      page = await ecr.send(new DescribeImageScanFindingsCommand({ repositoryName: image.repository, imageId: { imageTag: image.tag }, maxResults: 1000, nextToken }));
    } catch (e) {
      const name = (e as Error).name;
      if (name === 'ScanNotFoundException') return { state: 'pending', why: 'no scan yet (is scan on push or continuous scanning on for this repository?)' };
      if (name === 'ImageNotFoundException') return { state: 'error', why: missingImage(image) };
      if (name === 'RepositoryNotFoundException') return { state: 'error', why: missingRepository(image) };
      return { state: 'error', why: `${name}: ${(e as Error).message}` };
    }
    const status = page.imageScanStatus?.status ?? 'UNKNOWN';
    if (PENDING.includes(status)) return { state: 'pending', why: `scan ${status}` };
    if (!DONE.includes(status)) return { state: 'error', why: `scan status ${status}${page.imageScanStatus?.description ? `: ${page.imageScanStatus.description}` : ''}` };
    findings.push(...findingsOf(page));
    nextToken = page.nextToken;
  } while (nextToken);
  return { state: 'done', findings };
}

/** What to do when the tag is not in its repository: push it, or fix release.json. */
export function missingImage(image: ImageRef): string {
  return `image ${image.repository}:${image.tag} is not in ECR: push it with that tag (scan on push checks it), or correct the tag in release.json; on a new environment follow docs/first-deploy.md (registry, then images, then the rest)`;
}

/** What to do when the repository does not exist: on a new environment, the registry stack is deployed first. */
export function missingRepository(image: ImageRef): string {
  return `ECR repository ${image.repository} does not exist: on a new environment run the Deploy workflow with "registry-only" for it (it deploys only the registry stack), push the images, then deploy again (docs/first-deploy.md); otherwise check --repository-prefix`;
}

/** Checks every image; never throws for a scan problem, it reports it as that image's error. */
export async function runGate(options: GateOptions): Promise<ImageResult[]> {
  const now = options.now ?? new Date();
  const timeoutMs = options.timeoutMs ?? 600_000;
  const pollIntervalMs = options.pollIntervalMs ?? 15_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const log = options.log ?? ((line: string) => console.log(line));
  const results: ImageResult[] = [];

  for (const image of options.images) {
    let waited = 0;
    let read = await readScan(options.ecr, image);
    while (read.state === 'pending' && waited < timeoutMs) {
      log(`${image.repository}:${image.tag}: ${read.why}; checking again in ${pollIntervalMs / 1000} s`);
      await sleep(pollIntervalMs);
      waited += pollIntervalMs;
      read = await readScan(options.ecr, image);
    }
    if (read.state !== 'done') {
      const error = read.state === 'pending' ? `scan not complete after ${Math.round(timeoutMs / 1000)} s (${read.why})` : read.why;
      results.push({ image, outcome: 'error', blocking: [], accepted: [], highCount: 0, error });
      continue;
    }
    const critical = read.findings.filter((f) => f.severity === BLOCKING_SEVERITY);
    const accepted = critical.filter((f) => isAccepted(f, image.repository, options.accepted, now));
    const blocking = critical.filter((f) => !accepted.includes(f));
    const highCount = read.findings.filter((f) => f.severity === 'HIGH').length;
    results.push({ image, outcome: blocking.length > 0 ? 'failed' : 'passed', blocking, accepted, highCount });
  }
  return results;
}

/** A Markdown report for the job summary and the log. */
export function formatReport(env: string, results: readonly ImageResult[]): string {
  const lines = [`### ECR scan gate: ${env}`, '', '| image | result | CRITICAL blocking | CRITICAL accepted | HIGH |', '|---|---|---|---|---|'];
  for (const r of results) {
    const result = r.outcome === 'error' ? `error: ${r.error}` : r.outcome;
    lines.push(`| \`${r.image.repository}:${r.image.tag}\` | ${result} | ${r.blocking.length} | ${r.accepted.length} | ${r.highCount} |`);
  }
  const blocking = results.flatMap((r) => r.blocking.map((f) => `- \`${r.image.repository}\`: ${f.name}${f.package ? ` (${f.package})` : ''}`));
  if (blocking.length > 0) {
    lines.push('', 'Blocking CRITICAL findings (fix the image, or accept each in security/accepted-findings.json through a reviewed pull request):', ...blocking);
  }
  const accepted = results.flatMap((r) => r.accepted.map((f) => `- \`${r.image.repository}\`: ${f.name}`));
  if (accepted.length > 0) lines.push('', 'Accepted CRITICAL findings:', ...accepted);
  return lines.join('\n');
}

/** The images the release pins for an environment. */
export function releaseImagesOf(env: string, prefix: string, releaseFile?: string): ImageRef[] {
  const entry = releaseFor(env, loadRelease(releaseFile));
  // Repositories are per environment: <prefix>/<env>/<service> (lib/constructs/delivery/service-repositories.ts).
  return SERVICES.map((service) => ({ repository: `${prefix}/${env}/${service}`, tag: entry[service] }));
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      env: { type: 'string' },
      'repository-prefix': { type: 'string', default: GITHUB.imageRepositoryPrefix },
      release: { type: 'string' },
      accepted: { type: 'string', default: ACCEPTED_FINDINGS_FILE },
      'timeout-seconds': { type: 'string', default: '600' },
      'poll-seconds': { type: 'string', default: '15' },
    },
  });
  if (!values.env) throw new Error('--env is required: the environment whose release to check, e.g. --env staging');
  const now = new Date();
  const accepted = parseAcceptedFindings(JSON.parse(fs.readFileSync(values.accepted, 'utf8')), now);
  const images = releaseImagesOf(values.env, values['repository-prefix'], values.release);
  const results = await runGate({
    ecr: new ECRClient({}),
    images,
    accepted,
    now,
    timeoutMs: Number(values['timeout-seconds']) * 1000,
    pollIntervalMs: Number(values['poll-seconds']) * 1000,
  });
  const report = formatReport(values.env, results);
  printReport(report);
  const bad = results.filter((r) => r.outcome !== 'passed');
  if (bad.length > 0) {
    console.error(
      `\nRelease gate failed for ${values.env}: ${bad.map((r) => `${r.image.repository}:${r.image.tag} (${r.outcome === 'error' ? r.error : `${r.blocking.length} CRITICAL`})`).join(', ')}`,
    );
    process.exit(1);
  }
}

runMain(module, main);
