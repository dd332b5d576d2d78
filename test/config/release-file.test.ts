import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ConfigError } from '../../lib/config/problems';
import { loadRelease, missingReleaseProblem, readRelease, releaseProblems, SERVICES } from '../../lib/config/release';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'release-file-'));
const write = (name: string, text: string): string => {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, text);
  return file;
};

describe('release entries', () => {
  test('problems carry the environment and the file that hold them', () => {
    expect(releaseProblems({ qa: { backend: 5, frontend: 'ok', extra: 1 }, uat: null }, 'r.json')).toEqual({
      release: {},
      problems: [
        { environment: 'qa', source: 'r.json', path: 'qa.backend', value: 5, message: 'must be an image tag string' },
        { environment: 'qa', source: 'r.json', path: 'qa.extra', value: 1, message: 'is not a known field; allowed: backend, frontend, notes' },
        { environment: 'uat', source: 'r.json', path: 'uat', value: null, message: 'must be an object {"backend": "<tag>", "frontend": "<tag>", "notes"?: "..."}' },
      ],
    });
    expect(releaseProblems('x').problems).toEqual([
      { source: 'release.json', path: '', value: 'x', message: 'must be an object of environments, e.g. {"staging": {"backend": "<tag>", "frontend": "<tag>"}}' },
    ]);
    expect(releaseProblems({ Qa: {} }, 'r.json').problems).toEqual([
      { source: 'r.json', path: 'Qa', message: 'is not an environment name: 2-20 characters of a-z, 0-9 and "-", starting with a letter' },
    ]);
  });

  test('notes are text of at most 500 characters', () => {
    const entry = (notes: unknown) => ({ qa: { backend: 'a', frontend: 'b', notes } });
    expect(releaseProblems(entry('n'.repeat(500)))).toEqual({ release: { qa: { backend: 'a', frontend: 'b', notes: 'n'.repeat(500) } }, problems: [] });
    expect(releaseProblems(entry('n'.repeat(501))).problems.map((p) => `${p.path}: ${p.message}`)).toEqual(['qa.notes: must be at most 500 characters']);
    expect(releaseProblems(entry(1)).problems.map((p) => `${p.path}: ${p.message}`)).toEqual(['qa.notes: must be a string']);
  });

  test('valid entries are kept beside invalid ones', () => {
    expect(releaseProblems({ qa: { backend: 'a', frontend: 'b' }, uat: { backend: 'a' } }).release).toEqual({ qa: { backend: 'a', frontend: 'b' } });
    expect(SERVICES).toEqual(['backend', 'frontend']);
  });

  test('an environment missing from a file with no entries', () => {
    expect(missingReleaseProblem('qa', {})).toEqual({
      environment: 'qa',
      source: 'release.json',
      path: 'qa',
      message: 'has no release; add "qa": {"backend": "<tag>", "frontend": "<tag>"} (environments in the file: none)',
    });
    expect(missingReleaseProblem('qa', { a1: { backend: 'x', frontend: 'y' }, b2: { backend: 'x', frontend: 'y' } }, 'r.json').message).toBe(
      'has no release; add "qa": {"backend": "<tag>", "frontend": "<tag>"} (environments in the file: a1, b2)',
    );
  });
});

describe('release files', () => {
  test('a duplicate key is reported and no entry is read', () => {
    const file = write('dup.json', '{"qa": {"backend": "a", "frontend": "b"}, "qa": {"backend": "a", "frontend": "b"}}');
    expect(readRelease(file)).toEqual({
      release: {},
      problems: [{ source: 'dup.json', path: 'qa', message: 'is given twice in the same object; JSON readers keep only the last, so remove one' }],
    });
  });

  test('a valid file is read once per path; a failing one is read again', () => {
    const file = write('cached.json', '{"qa": {"backend": "one", "frontend": "one"}}');
    expect(loadRelease(file).qa.backend).toBe('one');
    fs.writeFileSync(file, '{"qa": {"backend": "two", "frontend": "two"}}');
    expect(loadRelease(file).qa.backend).toBe('one');

    const broken = write('broken.json', '{"qa": {"backend": "a b", "frontend": "x"}}');
    expect(() => loadRelease(broken)).toThrow(ConfigError);
    fs.writeFileSync(broken, '{"qa": {"backend": "fixed", "frontend": "x"}}');
    expect(loadRelease(broken).qa.backend).toBe('fixed');
  });
});
