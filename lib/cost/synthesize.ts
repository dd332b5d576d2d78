import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * Synthesizes the app in `root` into `outdir` the way `cdk synth` runs it (cdk.json's `app` command, its
 * context), offline and without bundling Lambda code: the estimate reads templates, not assets. An app
 * that exits non-zero after writing its assembly (cdk-nag errors) still counts as synthesized.
 */
export function synthesizeOffline(root: string, outdir: string): void {
  const cdkJson = JSON.parse(fs.readFileSync(path.join(root, 'cdk.json'), 'utf8'));
  const context = { ...(cdkJson.context ?? {}), 'aws:cdk:bundling-stacks': [] };
  const r = spawnSync(cdkJson.app, {
    cwd: root,
    shell: true,
    encoding: 'utf8',
    env: { ...process.env, CDK_OUTDIR: outdir, CDK_CONTEXT_JSON: JSON.stringify(context), AWS_EC2_METADATA_DISABLED: 'true' },
  });
  if (!fs.existsSync(path.join(outdir, 'manifest.json'))) {
    throw new Error(`Synthesis in ${root} failed (exit ${r.status}):\n${(r.stderr || r.stdout || '').trim().split('\n').slice(-20).join('\n')}`);
  }
}

function git(cwd: string, args: string[]): string {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${(r.stderr || '').trim()}`);
  return r.stdout.trim();
}

/**
 * Synthesizes another git ref of the repository at `root`: a detached temporary worktree sharing this
 * checkout's node_modules, removed afterwards whatever happens. Returns the assembly directory (under
 * `outRoot`, which the caller removes).
 */
export function synthesizeRef(root: string, ref: string, outRoot: string): string {
  const found = spawnSync('git', ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { cwd: root, encoding: 'utf8' });
  if (found.status !== 0) throw new Error(`--diff: '${ref}' is not a commit of this repository (a branch, tag or commit id; fetch it first in a shallow clone).`);
  const commit = found.stdout.trim();
  const tree = fs.mkdtempSync(path.join(os.tmpdir(), 'cost-ref-'));
  const outdir = path.join(outRoot, 'ref.out');
  try {
    git(root, ['worktree', 'add', '--detach', tree, commit]);
    fs.symlinkSync(fs.realpathSync(path.join(root, 'node_modules')), path.join(tree, 'node_modules'), 'dir');
    synthesizeOffline(tree, outdir);
  } finally {
    spawnSync('git', ['worktree', 'remove', '--force', tree], { cwd: root });
    fs.rmSync(tree, { recursive: true, force: true });
  }
  return outdir;
}
