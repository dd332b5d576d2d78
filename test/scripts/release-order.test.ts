import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { gitAncestry, releaseOrder } from '../../scripts/release-order';

/** A real repository: main with commits a <- b, and a branch c from a that main never merged. */
function repo(): { dir: string; a: string; b: string; c: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'release-order-'));
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' },
    }).trim();
  git('init', '-q', '-b', 'main');
  const commit = (msg: string) => {
    git('commit', '-q', '--allow-empty', '-m', msg);
    return git('rev-parse', 'HEAD');
  };
  const a = commit('a');
  const b = commit('b');
  git('checkout', '-q', '-b', 'side', a);
  const c = commit('c');
  return { dir, a, b, c };
}

describe('release order', () => {
  const r = repo();
  const ancestry = gitAncestry(r.dir);
  afterAll(() => fs.rmSync(r.dir, { recursive: true, force: true }));

  test('deploys the first release, a redeploy and a descendant', () => {
    expect(releaseOrder('', r.a, ancestry)).toEqual({ ok: true, message: `no release recorded yet: deploying ${r.a}` });
    expect(releaseOrder(r.b, r.b, ancestry).ok).toBe(true);
    expect(releaseOrder(r.a, r.b, ancestry)).toEqual({ ok: true, message: `${r.b} descends from the deployed ${r.a}` });
  });

  test('refuses an older commit that waited while a newer one went first', () => {
    expect(releaseOrder(r.b, r.a, ancestry)).toEqual({
      ok: false,
      message: `${r.a} is not newer than the deployed ${r.b}: a newer release went first. Nothing was changed; to go back deliberately, run the Rollback workflow`,
    });
  });

  test('refuses a commit that does not descend from the deployed one (diverged history)', () => {
    expect(releaseOrder(r.b, r.c, ancestry).ok).toBe(false);
  });

  test('refuses when the deployed commit is unknown to the clone, or a value is not a full SHA', () => {
    expect(releaseOrder('f'.repeat(40), r.b, ancestry).message).toBe(
      `the deployed commit ${'f'.repeat(40)} is not in this repository's history (checkout needs fetch-depth: 0); deploy a newer commit of main, or have an administrator reset the parameter`,
    );
    expect(releaseOrder('main', r.b, ancestry)).toEqual({
      ok: false,
      message: 'the recorded release commit is not a full SHA (got "main"); an administrator must correct the parameter',
    });
    expect(releaseOrder(r.a, 'HEAD', ancestry)).toEqual({ ok: false, message: 'the commit to deploy must be a full 40-character SHA (got "HEAD")' });
  });
});
