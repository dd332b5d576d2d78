import { repositoryName } from '../../lib/constructs/delivery/service-repositories';
import { DescribeImageScanFindingsCommand, ECRClient, ImageNotFoundException, RepositoryNotFoundException, ScanNotFoundException } from '@aws-sdk/client-ecr';
import { mockClient } from 'aws-sdk-client-mock';
import * as fs from 'fs';
import { ACCEPTED_FINDINGS_FILE, AcceptedFinding, formatReport, isAccepted, parseAcceptedFindings, releaseImagesOf, runGate } from '../../scripts/ecr-scan-gate';

const ecrMock = mockClient(ECRClient);
const NOW = new Date('2025-06-01T12:00:00Z');
const BACKEND = { repository: 'flashcard-lms/backend', tag: 'abc123' };
const FRONTEND = { repository: 'flashcard-lms/frontend', tag: 'def456' };
const noSleep = jest.fn(async () => undefined);
const quiet = () => undefined;

function complete(findings: { name: string; severity: string }[], nextToken?: string) {
  return { imageScanStatus: { status: 'COMPLETE' as const }, imageScanFindings: { findings: findings.map((f) => ({ ...f, severity: f.severity as any })) }, nextToken };
}

function acceptance(overrides: Partial<AcceptedFinding> = {}): AcceptedFinding {
  return {
    finding: 'CVE-2025-0001',
    repository: 'flashcard-lms/backend',
    reason: 'Not reachable: the vulnerable parser is never called by the app',
    approvedBy: 'security@flashcard-lms.com',
    expires: '2025-06-30',
    ...overrides,
  };
}

async function gate(images = [BACKEND], accepted: AcceptedFinding[] = [], extra: Partial<Parameters<typeof runGate>[0]> = {}) {
  return runGate({ ecr: new ECRClient({ region: 'eu-west-1' }), images, accepted, now: NOW, sleep: noSleep, log: quiet, pollIntervalMs: 1000, timeoutMs: 3000, ...extra });
}

beforeEach(() => {
  ecrMock.reset();
  noSleep.mockClear();
});

describe('runGate', () => {
  test('passes an image without CRITICAL findings and counts HIGH ones', async () => {
    ecrMock.on(DescribeImageScanFindingsCommand).resolves(
      complete([
        { name: 'CVE-1', severity: 'HIGH' },
        { name: 'CVE-2', severity: 'MEDIUM' },
      ]),
    );
    const [result] = await gate();
    expect(result).toEqual({ image: BACKEND, outcome: 'passed', blocking: [], accepted: [], highCount: 1 });
    expect(ecrMock.commandCalls(DescribeImageScanFindingsCommand)[0].args[0].input).toEqual({
      repositoryName: 'flashcard-lms/backend',
      imageId: { imageTag: 'abc123' },
      maxResults: 1000,
      nextToken: undefined,
    });
  });

  test('fails on a CRITICAL finding found on a later page', async () => {
    ecrMock
      .on(DescribeImageScanFindingsCommand, { nextToken: undefined })
      .resolves(complete([{ name: 'CVE-1', severity: 'LOW' }], 'page-2'))
      .on(DescribeImageScanFindingsCommand, { nextToken: 'page-2' })
      .resolves(complete([{ name: 'CVE-2025-0001', severity: 'CRITICAL' }]));
    const [result] = await gate();
    expect(result.outcome).toBe('failed');
    expect(result.blocking).toEqual([{ name: 'CVE-2025-0001', severity: 'CRITICAL', package: undefined }]);
    expect(ecrMock.commandCalls(DescribeImageScanFindingsCommand)).toHaveLength(2);
  });

  test('an acceptance for the finding and repository lets the image pass', async () => {
    ecrMock.on(DescribeImageScanFindingsCommand).resolves(complete([{ name: 'CVE-2025-0001', severity: 'CRITICAL' }]));
    const [result] = await gate([BACKEND], [acceptance()]);
    expect(result.outcome).toBe('passed');
    expect(result.accepted.map((f) => f.name)).toEqual(['CVE-2025-0001']);
  });

  test('an expired acceptance, or one for another repository, does not count', async () => {
    ecrMock.on(DescribeImageScanFindingsCommand).resolves(complete([{ name: 'CVE-2025-0001', severity: 'CRITICAL' }]));
    const results = await gate([BACKEND, FRONTEND], [acceptance({ expires: '2025-05-31' }), acceptance({ repository: 'flashcard-lms/backend-old' })]);
    expect(results.map((r) => r.outcome)).toEqual(['failed', 'failed']);
  });

  test('waits for a scan in progress, then reads it', async () => {
    ecrMock
      .on(DescribeImageScanFindingsCommand)
      .resolvesOnce({ imageScanStatus: { status: 'IN_PROGRESS' } })
      .rejectsOnce(new ScanNotFoundException({ message: 'no scan', $metadata: {} }))
      .resolves(complete([]));
    const [result] = await gate();
    expect(result.outcome).toBe('passed');
    expect(noSleep).toHaveBeenCalledTimes(2);
  });

  test('gives up on a scan that does not complete in time', async () => {
    ecrMock.on(DescribeImageScanFindingsCommand).resolves({ imageScanStatus: { status: 'IN_PROGRESS' } });
    const [result] = await gate();
    expect(result).toMatchObject({ outcome: 'error', error: 'scan not complete after 3 s (scan IN_PROGRESS)' });
    expect(noSleep).toHaveBeenCalledTimes(3);
  });

  test('reports a missing image and a failed scan as errors', async () => {
    ecrMock
      .on(DescribeImageScanFindingsCommand, { repositoryName: 'flashcard-lms/backend' })
      .rejects(new ImageNotFoundException({ message: 'not found', $metadata: {} }))
      .on(DescribeImageScanFindingsCommand, { repositoryName: 'flashcard-lms/frontend' })
      .resolves({ imageScanStatus: { status: 'FAILED', description: 'UnsupportedImageError' } });
    const results = await gate([BACKEND, FRONTEND]);
    expect(results.map((r) => r.error)).toEqual([
      'image flashcard-lms/backend:abc123 is not in ECR: push it with that tag (scan on push checks it), or correct the tag in release.json; on a new environment follow docs/first-deploy.md (registry, then images, then the rest)',
      'scan status FAILED: UnsupportedImageError',
    ]);
  });

  test('a missing repository says to deploy the registry stack first', async () => {
    ecrMock.on(DescribeImageScanFindingsCommand).rejects(new RepositoryNotFoundException({ message: 'no repo', $metadata: {} }));
    const [result] = await gate([BACKEND]);
    expect(result.error).toBe(
      'ECR repository flashcard-lms/backend does not exist: on a new environment run the Deploy workflow with "registry-only" for it (it deploys only the registry stack), push the images, then deploy again (docs/first-deploy.md); otherwise check --repository-prefix',
    );
  });

  test('reads enhanced (Inspector) findings too', async () => {
    ecrMock.on(DescribeImageScanFindingsCommand).resolves({
      imageScanStatus: { status: 'ACTIVE' },
      imageScanFindings: {
        enhancedFindings: [
          { severity: 'CRITICAL', packageVulnerabilityDetails: { vulnerabilityId: 'CVE-2025-9999', source: 'NVD', vulnerablePackages: [{ name: 'openssl', version: '3.0.1' }] } },
        ],
      },
    });
    const [result] = await gate();
    expect(result.blocking).toEqual([{ name: 'CVE-2025-9999', severity: 'CRITICAL', package: 'openssl' }]);
  });
});

describe('accepted findings file', () => {
  test('the committed file is valid', () => {
    expect(() => parseAcceptedFindings(JSON.parse(fs.readFileSync(ACCEPTED_FINDINGS_FILE, 'utf8')))).not.toThrow();
  });

  test('every entry needs a finding, repository, reason, approver and a near expiry', () => {
    const json = {
      accepted: [
        { ...acceptance(), reason: 'ok', expires: '2026-01-01' },
        { finding: 'CVE-1', repository: 'r', reason: 'x'.repeat(20), approvedBy: 'a', expires: 'soon', ticket: 'SEC-1' },
      ],
    };
    expect(() => parseAcceptedFindings(json, NOW)).toThrow(
      [
        'Invalid accepted findings:',
        '  - security/accepted-findings.json: accepted.0.reason: must explain in at least 20 characters why the finding is acceptable',
        '  - security/accepted-findings.json: accepted.1.expires: must be a date "YYYY-MM-DD"',
        '  - security/accepted-findings.json: accepted.1: unknown field(s) ticket; allowed: finding, repository, reason, approvedBy, expires',
      ].join('\n'),
    );
    expect(() => parseAcceptedFindings({ accepted: [acceptance({ expires: '2026-01-01' })] }, NOW)).toThrow(
      'security/accepted-findings.json: accepted.0.expires: must be at most 90 days ahead, then reviewed again (got "2026-01-01")',
    );
  });

  test('an acceptance holds through its expiry day', () => {
    const finding = { name: 'CVE-2025-0001', severity: 'CRITICAL' };
    expect(isAccepted(finding, 'flashcard-lms/backend', [acceptance({ expires: '2025-06-01' })], NOW)).toBe(true);
    expect(isAccepted(finding, 'flashcard-lms/backend', [acceptance({ expires: '2025-06-01' })], new Date('2025-06-02T00:00:01Z'))).toBe(false);
  });
});

describe('release images and report', () => {
  test('the images come from release.json for the environment, in its repositories under the prefix', () => {
    const images = releaseImagesOf('production', 'acme/lms');
    expect(images.map((i) => i.repository)).toEqual(['acme/lms/production/backend', 'acme/lms/production/frontend']);
    // The default prefix names the repositories the registry stack creates.
    expect(releaseImagesOf('staging', 'flashcard-lms').map((i) => i.repository)).toEqual([repositoryName('staging', 'backend'), repositoryName('staging', 'frontend')]);
    expect(images[0].tag).toMatch(/^[0-9a-f]{40}$/);
  });

  test('the report lists blocking and accepted findings', () => {
    const report = formatReport('staging', [
      {
        image: BACKEND,
        outcome: 'failed',
        blocking: [{ name: 'CVE-1', severity: 'CRITICAL', package: 'openssl' }],
        accepted: [{ name: 'CVE-2', severity: 'CRITICAL' }],
        highCount: 2,
      },
      { image: FRONTEND, outcome: 'error', blocking: [], accepted: [], highCount: 0, error: 'scan status FAILED' },
    ]);
    expect(report).toContain('| `flashcard-lms/backend:abc123` | failed | 1 | 1 | 2 |');
    expect(report).toContain('| `flashcard-lms/frontend:def456` | error: scan status FAILED | 0 | 0 | 0 |');
    expect(report).toContain('- `flashcard-lms/backend`: CVE-1 (openssl)');
    expect(report).toContain('Accepted CRITICAL findings:\n- `flashcard-lms/backend`: CVE-2');
  });
});
