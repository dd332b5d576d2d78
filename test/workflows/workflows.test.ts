import * as fs from 'fs';
import * as path from 'path';
import { STAGING } from '../../lib/config/environments';
import { scenarios } from '../../lib/drills/scenarios';
import { parse } from 'yaml';
import { githubAccessFor } from '../../lib/config/github';

const DIR = path.join(__dirname, '..', '..', '.github', 'workflows');
const FILES = fs
  .readdirSync(DIR)
  .filter((f) => f.endsWith('.yml') || f.endsWith('.yaml'))
  .sort();
const RAW: Record<string, string> = Object.fromEntries(FILES.map((f) => [f, fs.readFileSync(path.join(DIR, f), 'utf8')]));
const WF: Record<string, any> = Object.fromEntries(FILES.map((f) => [f, parse(RAW[f])]));

const PINNED = /^[\w.-]+\/[\w.-]+(\/[\w./-]+)?@[0-9a-f]{40}$/;
const CONFIGURE_AWS = 'aws-actions/configure-aws-credentials@';
const REUSABLE = './.github/workflows/deploy-environment.yml';

type Job = { id: string; file: string; job: any };
const jobs = (file: string): Job[] => Object.entries<any>(WF[file].jobs).map(([id, job]) => ({ id, file, job }));
const allJobs = (): Job[] => FILES.flatMap(jobs);
const steps = (job: any): any[] => job.steps ?? [];
const runs = (job: any): string[] =>
  steps(job)
    .filter((s) => s.run)
    .map((s) => s.run as string);
const usesOf = (job: any): string[] =>
  steps(job)
    .filter((s) => s.uses)
    .map((s) => s.uses as string);
const assumesRole = (job: any): boolean => usesOf(job).some((u) => u.startsWith(CONFIGURE_AWS)) || job.uses === REUSABLE;
const stepIndex = (job: any, pred: (s: any) => boolean): number => steps(job).findIndex(pred);
const runIndex = (job: any, text: string): number => stepIndex(job, (s) => typeof s.run === 'string' && s.run.includes(text));
const needsOf = (job: any): string[] => [job.needs ?? []].flat();

/** The order jobs can run in, by their needs. */
function order(file: string): string[] {
  const done: string[] = [];
  const pending = jobs(file);
  while (pending.length > 0) {
    const i = pending.findIndex((j) => needsOf(j.job).every((n) => done.includes(n)));
    if (i < 0) throw new Error(`${file}: a needs cycle or unknown job`);
    done.push(pending.splice(i, 1)[0].id);
  }
  return done;
}

/** The weekly mutation run of lib/config takes about 2 hours on 2 cores; a hosted job may run for 6. */
const MUTATION_TIMEOUT_MINUTES = 240;

test('the expected workflows exist', () => {
  expect(FILES).toEqual(['ci.yml', 'deploy-environment.yml', 'deploy.yml', 'drill.yml', 'migrate.yml', 'mutation.yml', 'rollback.yml']);
});

describe.each(FILES)('%s: hygiene', (file) => {
  test('reads only the repository by default', () => {
    expect(WF[file].permissions).toEqual({ contents: 'read' });
  });

  test('every job has a timeout, a pinned runner, and explicit permissions when it assumes a role', () => {
    for (const { id, job } of jobs(file)) {
      if (job.uses) {
        // A job calling a reusable workflow gets its timeout there.
        expect({ id, uses: job.uses }).toEqual({ id, uses: REUSABLE });
      } else {
        expect({ id, timeout: job['timeout-minutes'] }).toEqual({ id, timeout: expect.any(Number) });
        expect(job['timeout-minutes']).toBeLessThanOrEqual(file === 'mutation.yml' ? MUTATION_TIMEOUT_MINUTES : 120);
        expect({ id, runsOn: job['runs-on'] }).toEqual({ id, runsOn: 'ubuntu-24.04' });
      }
    }
  });

  test('id-token: write only in jobs that assume a role, and in all of them', () => {
    for (const { id, job } of jobs(file)) {
      const writesToken = job.permissions?.['id-token'] === 'write';
      expect({ id, writesToken }).toEqual({ id, writesToken: assumesRole(job) });
      if (job.permissions)
        expect({ id, permissions: job.permissions }).toEqual({ id, permissions: assumesRole(job) ? { contents: 'read', 'id-token': 'write' } : { contents: 'read' } });
    }
  });

  test('every action is pinned to a full commit SHA with its version in a comment', () => {
    for (const { id, job } of jobs(file)) {
      for (const uses of usesOf(job)) expect({ id, uses, pinned: PINNED.test(uses) }).toEqual({ id, uses, pinned: true });
    }
    const lines = RAW[file].split('\n').filter((l) => /^\s*(- )?uses: [^.]/.test(l));
    for (const line of lines) expect(line).toMatch(/uses: \S+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
  });

  test('checkouts keep no credentials, and Node comes from .nvmrc', () => {
    for (const { job } of jobs(file)) {
      for (const s of steps(job)) {
        if (s.uses?.startsWith('actions/checkout@')) expect(s.with?.['persist-credentials']).toBe(false);
        if (s.uses?.startsWith('actions/setup-node@')) expect(s.with?.['node-version-file']).toBe('.nvmrc');
      }
    }
  });

  test('no expression is expanded inside a script (inputs and outputs reach scripts through env), and no secret is used', () => {
    for (const { id, job } of jobs(file)) for (const run of runs(job)) expect({ id, run, expands: run.includes('${{') }).toEqual({ id, run, expands: false });
    expect(RAW[file]).not.toMatch(/secrets\./);
  });

  test('roles are assumed from the config, for at most an hour', () => {
    for (const { job } of jobs(file)) {
      for (const s of steps(job).filter((st) => st.uses?.startsWith(CONFIGURE_AWS))) {
        expect(s.with['role-to-assume']).toMatch(/^\$\{\{ steps\.env\.outputs\.(deploy|diff|drill)-role-arn \}\}$/);
        expect(s.with['aws-region']).toBe('${{ steps.env.outputs.region }}');
        expect(s.with['role-duration-seconds']).toBeLessThanOrEqual(3600);
        expect(s.with).not.toHaveProperty('aws-access-key-id');
      }
    }
  });
});

test('every action is pinned to the same SHA in every workflow', () => {
  const shas = new Map<string, Set<string>>();
  for (const { job } of allJobs()) {
    for (const uses of usesOf(job)) {
      const [action, sha] = uses.split('@');
      shas.set(action, (shas.get(action) ?? new Set()).add(sha));
    }
  }
  for (const [action, set] of shas) expect({ action, shas: set.size }).toEqual({ action, shas: 1 });
  expect([...shas.keys()].sort()).toEqual([
    'actions/checkout',
    'actions/download-artifact',
    'actions/setup-node',
    'actions/upload-artifact',
    'aws-actions/configure-aws-credentials',
  ]);
  expect(fs.readFileSync(path.join(DIR, '..', '..', '.nvmrc'), 'utf8').trim()).toMatch(/^\d+$/);
});

describe('ci.yml', () => {
  const wf = WF['ci.yml'];
  const job = (id: string) => wf.jobs[id];

  test('runs on pull requests to main only', () => {
    expect(Object.keys(wf.on)).toEqual(['pull_request']);
    expect(wf.on.pull_request.branches).toEqual(['main']);
  });

  test('test job: install, test, format check, lint, synth with cdk-nag in this order, then keeps the report', () => {
    const t = job('test');
    expect(runs(t).slice(0, 6)).toEqual(['npm ci --no-audit --no-fund', 'npm test', 'npm run format:check', 'npm run lint', 'npm run synth', 'bash scripts/lint-workflows.sh']);
    const upload = steps(t).find((s) => s.uses?.startsWith('actions/upload-artifact@'));
    expect(upload.if).toBe('always()');
    expect(upload.with).toMatchObject({ name: 'cdk-nag-report', path: 'cdk.out/validation-report.json' });
  });

  test('security job fails on high runtime advisories and warns on the rest', () => {
    const r = runs(job('security'));
    expect(r[0]).toBe('npm audit --omit=dev --audit-level=high');
    expect(r[1]).toContain('if ! npm audit --audit-level=high');
    expect(r[1]).toContain('::warning');
  });

  test('diff job: after the tests, only with credentials configured and not from forks, read-only role, summary', () => {
    const d = job('diff-staging');
    expect(d.needs).toBe('test');
    expect(d.if).toBe("vars.CDK_DIFF_ENABLED == 'true' && github.event.pull_request.head.repo.full_name == github.repository");
    expect(steps(d).find((s) => s.uses?.startsWith(CONFIGURE_AWS)).with['role-to-assume']).toBe('${{ steps.env.outputs.diff-role-arn }}');
    expect(runs(d).join('\n')).toContain('npx cdk diff --method=template -c env=staging "$STACKS"');
    const summary = steps(d).at(-1);
    expect(summary.if).toBe('always()');
    expect(summary.run).toContain('>> "$GITHUB_STEP_SUMMARY"');
    expect(d.environment).toBeUndefined();
  });

  test('a newer push to the pull request cancels the older run', () => {
    expect(wf.concurrency).toEqual({ group: 'ci-${{ github.event.pull_request.number }}', 'cancel-in-progress': true });
  });
});

describe('deploy.yml', () => {
  const wf = WF['deploy.yml'];

  test('runs on pushes to main and by hand, for one configured environment or a first (registry-only) deploy', () => {
    expect(wf.on.push).toEqual({ branches: ['main'] });
    expect(wf.on.workflow_dispatch.inputs).toEqual({
      environment: expect.objectContaining({ type: 'string', default: '' }),
      'registry-only': expect.objectContaining({ type: 'boolean', default: false }),
    });
  });

  test('test and audit, then staging, then production, then the summary; another environment only by hand', () => {
    expect(order('deploy.yml')).toEqual(['test', 'security', 'staging', 'production', 'other', 'summary']);
    expect(wf.jobs.staging).toMatchObject({ needs: ['test', 'security'], if: "inputs.environment == ''" });
    expect(wf.jobs.production.needs).toBe('staging');
    expect(wf.jobs.other).toMatchObject({ needs: ['test', 'security'], if: "inputs.environment != ''", uses: REUSABLE, with: { environment: '${{ inputs.environment }}' } });
    expect(wf.jobs.summary).toMatchObject({ needs: ['staging', 'production'], if: "always() && inputs.environment == ''" });
  });

  test('each environment is rolled out by the reusable workflow, in its own GitHub environment, registry only when asked', () => {
    expect(wf.jobs.staging).toMatchObject({ uses: REUSABLE, with: { environment: 'staging' } });
    expect(wf.jobs.production).toMatchObject({ uses: REUSABLE, with: { environment: 'production' } });
    for (const id of ['staging', 'production', 'other']) expect(wf.jobs[id].with['registry-only']).toBe('${{ inputs.registry-only == true }}');
    expect(wf.jobs.production.with).not.toHaveProperty('migrate');
    // The production role trusts only this GitHub environment; its required reviewers gate the job.
    expect(githubAccessFor({ name: 'production' }).githubEnvironment).toBe('production');
  });

  test('test job runs the tests and synth and keeps the cdk-nag report', () => {
    expect(runs(wf.jobs.test)).toEqual(['npm ci --no-audit --no-fund', 'npm test', 'npm run synth']);
    expect(runs(wf.jobs.security)[0]).toBe('npm audit --omit=dev --audit-level=high');
  });

  test('the summary fails the run unless every environment succeeded', () => {
    expect(runs(wf.jobs.summary)[0]).toContain('>> "$GITHUB_STEP_SUMMARY"');
    expect(runs(wf.jobs.summary)[0]).toContain('exit 1');
  });
});

describe('deploy-environment.yml', () => {
  const wf = WF['deploy-environment.yml'];
  const job = wf.jobs.deploy;

  test('is called with an environment, whether to migrate, and an optional release to deploy instead', () => {
    expect(Object.keys(wf.on)).toEqual(['workflow_call']);
    expect(wf.on.workflow_call.inputs).toMatchObject({
      environment: { type: 'string', required: true },
      migrate: { type: 'boolean', default: true },
      'release-artifact': { type: 'string', default: '' },
      'registry-only': { type: 'boolean', default: false },
    });
  });

  test('runs in the GitHub environment of that name, one rollout per environment, never cancelled', () => {
    expect(job.environment).toEqual({ name: '${{ inputs.environment }}', url: '${{ steps.env.outputs.site-url }}' });
    expect(job.concurrency).toEqual({ group: 'deploy-${{ inputs.environment }}', 'cancel-in-progress': false });
  });

  test('guard, release order, gate, deploy (which migrates), smoke test and summary, in this order', () => {
    const at = {
      guard: runIndex(job, '"$GITHUB_WORKFLOW_REF"'),
      install: runIndex(job, 'npm ci'),
      config: runIndex(job, 'scripts/ci-env.ts --env "$ENV_NAME" >> "$GITHUB_OUTPUT"'),
      role: stepIndex(job, (s) => s.uses?.startsWith(CONFIGURE_AWS)),
      order: runIndex(job, 'scripts/release-order.ts'),
      gate: runIndex(job, 'npx tsx scripts/ecr-scan-gate.ts --env "$ENV_NAME"'),
      deploy: runIndex(job, '-c migrate="$MIGRATE"'),
      smoke: runIndex(job, 'npx tsx scripts/smoke-test.ts --env "$ENV_NAME"'),
      summary: runIndex(job, 'scripts/deploy-summary.ts'),
    };
    const values = Object.values(at);
    expect(values.every((v) => v >= 0)).toBe(true);
    expect([...values].sort((a, b) => a - b)).toEqual(values);
    expect(steps(job)[at.deploy].run).toBe(
      'npx cdk deploy --require-approval never --no-notices --concurrency 4 -c env="$ENV_NAME" -c migrate="$MIGRATE" --outputs-file cdk-outputs.json "$STACKS"',
    );
    expect(steps(job)[at.deploy].env).toEqual({ STACKS: '${{ steps.env.outputs.stacks }}', MIGRATE: '${{ inputs.migrate }}' });
    // No second run after the deploy: the custom resource migrated before the services rolled.
    expect(runIndex(job, 'npm run migrate')).toBe(-1);
    expect(job.env).toEqual({ ENV_NAME: '${{ inputs.environment }}' });
  });

  test('the release to roll back to replaces release.json before anything reads it', () => {
    const download = stepIndex(job, (s) => s.uses?.startsWith('actions/download-artifact@'));
    const copy = runIndex(job, 'cp release-override/release.json release.json');
    expect(steps(job)[download]).toMatchObject({ if: "inputs.release-artifact != ''", with: { name: '${{ inputs.release-artifact }}' } });
    expect(download).toBeLessThan(copy);
    expect(copy).toBeLessThan(runIndex(job, 'npm ci'));
  });

  test('refuses to run from any branch but main or any workflow but deploy and rollback, before anything else', () => {
    const guard = steps(job)[0];
    expect(guard.run).toContain('if [ "$GITHUB_REF" != refs/heads/main ]; then');
    expect(guard.run).toContain('"${GITHUB_REPOSITORY}/.github/workflows/deploy.yml@refs/heads/main" | "${GITHUB_REPOSITORY}/.github/workflows/rollback.yml@refs/heads/main") ;;');
    expect(guard.run.match(/exit 1/g)).toHaveLength(2);
  });

  test('one release at a time: refuses a commit older than the recorded one and records its own before deploying', () => {
    const order = steps(job)[runIndex(job, 'scripts/release-order.ts')];
    expect(order.env).toEqual({ PARAMETER: '${{ steps.env.outputs.release-commit-parameter }}' });
    const lines = order.run.split('\n').map((l: string) => l.trim());
    const check = lines.indexOf('npx tsx scripts/release-order.ts --deployed "$deployed" --candidate "$GITHUB_SHA"');
    const record = lines.indexOf('aws ssm put-parameter --name "$PARAMETER" --type String --overwrite --value "$GITHUB_SHA" > /dev/null');
    expect(check).toBeGreaterThan(0);
    expect(record).toBeGreaterThan(check);
    // Only a missing parameter means "nothing deployed yet"; any other read error stops the run.
    expect(order.run).toContain('*ParameterNotFound*');
    expect(steps(job)[1]).toMatchObject({ with: { 'fetch-depth': 0 } });
  });

  test('registry-only deploys just the registry stack, and skips the gate, the full deploy and the smoke test', () => {
    const registry = steps(job).find((s) => s.id === 'registry');
    expect(registry).toMatchObject({ if: 'inputs.registry-only == true', env: { REGISTRY_STACK: '${{ steps.env.outputs.registry-stack }}' } });
    expect(registry.run).toBe('npx cdk deploy --require-approval never --no-notices -c env="$ENV_NAME" --exclusively --outputs-file cdk-outputs.json "$REGISTRY_STACK"');
    for (const id of ['gate', 'deploy', 'smoke']) expect({ id, if: steps(job).find((s) => s.id === id).if }).toEqual({ id, if: 'inputs.registry-only != true' });
  });

  test("a failure stops the rollout and notifies the environment's alarm topic", () => {
    const notify = steps(job).at(-1);
    expect(notify.if).toBe("failure() && steps.env.outputs.notify-topic-arn != ''");
    expect(notify.run).toContain('aws sns publish --topic-arn "$TOPIC_ARN"');
    expect(notify.env.TOPIC_ARN).toBe('${{ steps.env.outputs.notify-topic-arn }}');
    const renew = steps(job).at(-2);
    expect(renew.uses.startsWith(CONFIGURE_AWS)).toBe(true);
    expect(renew.if).toBe(notify.if);
    // No step after the smoke test may hide its failure.
    expect(steps(job).filter((s) => s['continue-on-error'])).toEqual([]);
  });
});

describe('migrate.yml', () => {
  const wf = WF['migrate.yml'];
  const job = wf.jobs.migrate;

  test('runs by hand for any configured environment (ci-env refuses an unknown one)', () => {
    expect(Object.keys(wf.on)).toEqual(['workflow_dispatch']);
    expect(wf.on.workflow_dispatch.inputs.environment).toMatchObject({ type: 'string', required: true, default: 'staging' });
  });

  test('in the chosen GitHub environment, never during a rollout of it', () => {
    expect(job.environment).toBe('${{ inputs.environment }}');
    expect(job.concurrency).toEqual(WF['deploy-environment.yml'].jobs.deploy.concurrency);
  });

  test('assumes the deploy role, migrates and prints the result', () => {
    expect(steps(job).find((s) => s.uses?.startsWith(CONFIGURE_AWS)).with['role-to-assume']).toBe('${{ steps.env.outputs.deploy-role-arn }}');
    expect(runs(job).find((r) => r.includes('npm run migrate'))).toContain('npm run migrate -- --env "$ENV_NAME" --wait 2>&1 | tee migrate.log');
    const summary = steps(job).at(-1);
    expect(summary.if).toBe('always()');
    expect(summary.run).toContain('>> "$GITHUB_STEP_SUMMARY"');
  });
});

describe('drill.yml', () => {
  const wf = WF['drill.yml'];
  const job = wf.jobs.drill;

  test('runs by hand for an environment and one of the drills, a dry run unless unticked', () => {
    expect(Object.keys(wf.on)).toEqual(['workflow_dispatch']);
    const inputs = wf.on.workflow_dispatch.inputs;
    expect(inputs.environment).toMatchObject({ type: 'string', required: true, default: 'staging' });
    // The restores run for hours, beyond a chained role session: an operator runs them (docs/drills.md).
    expect(inputs.scenario.options).toEqual(
      scenarios(STAGING as any)
        .map((s) => s.name)
        .filter((s) => s !== 'restore-test' && s !== 'dr-rehearsal'),
    );
    expect(inputs['dry-run']).toEqual({ description: expect.any(String), type: 'boolean', default: true });
  });

  test('in the chosen GitHub environment, never during a rollout of it', () => {
    expect(job.environment).toBe('${{ inputs.environment }}');
    expect(job.concurrency).toEqual(WF['deploy-environment.yml'].jobs.deploy.concurrency);
  });

  test('assumes the deploy role, chains into the drill runner role, drills and keeps the report', () => {
    const [deploy, runner] = steps(job).filter((s) => s.uses?.startsWith(CONFIGURE_AWS));
    expect(deploy.with['role-to-assume']).toBe('${{ steps.env.outputs.deploy-role-arn }}');
    expect(runner.with).toMatchObject({ 'role-chaining': true, 'role-to-assume': '${{ steps.env.outputs.drill-role-arn }}' });
    expect(runs(job).find((r) => r.includes('npm run drill') && !r.includes('--dry-run'))).toContain(
      'npm run drill -- --env "$ENV_NAME" --scenario "$SCENARIO" 2>&1 | tee drill.log',
    );
    expect(steps(job).find((s) => s.uses?.startsWith('actions/upload-artifact')).with.path).toBe('drill-reports/');
    expect(steps(job).at(-1).if).toBe('always()');
  });
});

describe('rollback.yml', () => {
  const wf = WF['rollback.yml'];

  test('runs by hand with an environment and the commit of an earlier release', () => {
    expect(Object.keys(wf.on)).toEqual(['workflow_dispatch']);
    expect(wf.on.workflow_dispatch.inputs.environment).toMatchObject({ type: 'string', required: true, default: 'staging' });
    expect(wf.on.workflow_dispatch.inputs['release-ref']).toMatchObject({ type: 'string', required: true });
  });

  test('prepare: takes release.json from a full SHA on main and validates it, without AWS access', () => {
    const prepare = wf.jobs.prepare;
    expect(prepare.permissions).toBeUndefined();
    expect(steps(prepare)[0].with).toEqual({ 'fetch-depth': 0, 'persist-credentials': false });
    const take = runs(prepare).join('\n');
    expect(take).toContain('=~ ^[0-9a-f]{40}$');
    expect(take).toContain('git merge-base --is-ancestor "$RELEASE_REF" origin/main');
    expect(take).toContain('git show "${RELEASE_REF}:release.json" > rollback/release.json');
    expect(take).toContain('npx tsx scripts/ci-env.ts --env "$ENV_NAME"');
    expect(steps(prepare).at(-1).with).toMatchObject({ name: 'rollback-release', path: 'rollback/release.json' });
  });

  test('native first: stops a deployment still shifting or baking, outside the rollout group; the redeploy runs only when there was none', () => {
    expect(wf.jobs.native).toMatchObject({ uses: REUSABLE, with: { environment: '${{ inputs.environment }}', 'native-rollback': true } });
    expect(wf.jobs.prepare).toMatchObject({ needs: 'native', if: "always() && needs.native.outputs.rolled-back != 'true'" });
    const reusable = WF['deploy-environment.yml'];
    const native = reusable.jobs['native-rollback'];
    expect(native).toMatchObject({ if: 'inputs.native-rollback', concurrency: { group: 'native-rollback-${{ inputs.environment }}' } });
    expect(reusable.jobs.deploy.if).toBe('${{ !inputs.native-rollback }}');
    expect(runs(native).join('\n')).toContain('rollback.yml@refs/heads/main');
    expect(runs(native).at(-1)).toBe('npx tsx scripts/native-rollback.ts --env "$ENV_NAME" | tee /dev/stderr | grep \'^rolled-back=\' >> "$GITHUB_OUTPUT"');
    expect(reusable.on.workflow_call.outputs['rolled-back'].value).toBe('${{ jobs.native-rollback.outputs.rolled-back }}');
  });

  test('rollback: the same rollout as a deploy (gate, smoke test, approval for production), without migrating', () => {
    expect(wf.jobs.rollback).toMatchObject({
      needs: 'prepare',
      uses: REUSABLE,
      with: { environment: '${{ inputs.environment }}', migrate: false, 'release-artifact': 'rollback-release' },
    });
  });
});

describe('CODEOWNERS', () => {
  const lines = fs
    .readFileSync(path.join(DIR, '..', 'CODEOWNERS'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'));
  /** Owners of a path: GitHub applies the last matching pattern. */
  const ownersOf = (file: string): string[] => {
    let owners: string[] = [];
    for (const line of lines) {
      const [pattern, ...who] = line.trim().split(/\s+/);
      const prefix = pattern.replace(/^\//, '');
      if (pattern.endsWith('/') ? `${file}`.startsWith(prefix) : file === prefix) owners = who;
    }
    return owners;
  };

  test('workflows, config, the release file, the trust and accepted findings need their owners', () => {
    expect(ownersOf('.github/workflows/deploy.yml')).toEqual(['@flashcard-lms/platform']);
    expect(ownersOf('lib/config/environments.ts')).toEqual(['@flashcard-lms/platform']);
    expect(ownersOf('release.json')).toEqual(['@flashcard-lms/platform']);
    expect(ownersOf('security/accepted-findings.json')).toEqual(['@flashcard-lms/security']);
    for (const f of ['lib/config/github.ts', 'lib/stacks/github-oidc-stack.ts', 'bootstrap/execution-policy.json', '.github/CODEOWNERS']) {
      expect({ f, owners: ownersOf(f) }).toEqual({ f, owners: ['@flashcard-lms/platform', '@flashcard-lms/security'] });
    }
  });
});
