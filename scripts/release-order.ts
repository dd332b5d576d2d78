/**
 * Refuses to deploy a commit older than the one an environment last started deploying, so a
 * run that waited for approval cannot overwrite a newer release that went first. The deploy
 * job reads the last commit from SSM (`release-commit-parameter` of ci-env) and writes its own
 * there once this check passes, inside the environment's concurrency group.
 *
 *   npx tsx scripts/release-order.ts --deployed "<sha or empty>" --candidate "$GITHUB_SHA"
 */
import { spawnSync } from 'child_process';
import { parseArgs } from 'util';
import { runMain } from './cli';

export type Ancestry = (older: string, newer: string) => boolean | 'unknown';

/** `git merge-base --is-ancestor`: exit 0 yes, 1 no, anything else an unknown commit (needs fetch-depth: 0). */
export function gitAncestry(cwd = process.cwd()): Ancestry {
  return (older, newer) => {
    const result = spawnSync('git', ['merge-base', '--is-ancestor', older, newer], { cwd, encoding: 'utf8' });
    if (result.status === 0) return true;
    if (result.status === 1) return false;
    return 'unknown';
  };
}

export interface Verdict {
  readonly ok: boolean;
  readonly message: string;
}

const SHA = /^[0-9a-f]{40}$/;

/** Deploy when nothing was deployed, the same commit is redeployed, or the deployed commit is an ancestor of the candidate. */
export function releaseOrder(deployed: string, candidate: string, isAncestor: Ancestry): Verdict {
  if (!SHA.test(candidate)) return { ok: false, message: `the commit to deploy must be a full 40-character SHA (got "${candidate}")` };
  if (deployed === '') return { ok: true, message: `no release recorded yet: deploying ${candidate}` };
  if (!SHA.test(deployed)) return { ok: false, message: `the recorded release commit is not a full SHA (got "${deployed}"); an administrator must correct the parameter` };
  if (deployed === candidate) return { ok: true, message: `redeploying ${candidate}` };
  const ancestry = isAncestor(deployed, candidate);
  if (ancestry === true) return { ok: true, message: `${candidate} descends from the deployed ${deployed}` };
  if (ancestry === 'unknown') {
    return {
      ok: false,
      message: `the deployed commit ${deployed} is not in this repository's history (checkout needs fetch-depth: 0); deploy a newer commit of main, or have an administrator reset the parameter`,
    };
  }
  return {
    ok: false,
    message: `${candidate} is not newer than the deployed ${deployed}: a newer release went first. Nothing was changed; to go back deliberately, run the Rollback workflow`,
  };
}

function main(): void {
  const { values } = parseArgs({ options: { deployed: { type: 'string', default: '' }, candidate: { type: 'string' } } });
  const verdict = releaseOrder(values.deployed.trim(), values.candidate ?? '', gitAncestry());
  if (!verdict.ok) throw new Error(`Release order: ${verdict.message}`);
  console.log(`Release order: ${verdict.message}`);
}

runMain(module, main);
