import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '../..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');
const readme = read('README.md');
const markdown = [
  'README.md',
  'lambda/README.md',
  ...fs
    .readdirSync(path.join(ROOT, 'docs'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens (code fences skipped). */
function anchorsOf(file: string): Set<string> {
  let fenced = false;
  const anchors = new Set<string>();
  for (const line of read(file).split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    if (!fenced && line.startsWith('#'))
      anchors.add(
        line
          .replace(/^#+/, '')
          .trim()
          .toLowerCase()
          .replace(/[^\w\- ]/g, '')
          .replace(/ /g, '-'),
      );
  }
  return anchors;
}

test('the README stays short enough for a newcomer', () => {
  expect(readme.split('\n').length).toBeLessThan(300);
});

test('the README lists every npm script in its command table', () => {
  const scripts = Object.keys(JSON.parse(read('package.json')).scripts);
  const rows = readme.split('\n').filter((l) => l.startsWith('| `npm '));
  expect(scripts.filter((s) => !rows.some((r) => r.startsWith(s === 'test' ? '| `npm test' : `| \`npm run ${s}`)))).toEqual([]);
});

test('the README documentation index links every doc', () => {
  const docs = fs
    .readdirSync(path.join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`);
  expect(docs.filter((d) => !readme.includes(`](${d})`))).toEqual([]);
  expect(readme).toContain('](docs/runbooks/README.md)');
});

test('every relative link in the README and docs resolves, anchors included', () => {
  const broken: string[] = [];
  for (const file of markdown) {
    for (const [, link] of read(file).matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^https?:/.test(link)) continue;
      const [target, anchor] = link.split('#');
      const resolved = target === '' ? file : path.normalize(path.join(path.dirname(file), target));
      if (!fs.existsSync(path.join(ROOT, resolved))) broken.push(`${file}: ${link}`);
      else if (anchor && resolved.endsWith('.md') && !anchorsOf(resolved).has(anchor)) broken.push(`${file}: ${link} (no such heading)`);
    }
  }
  expect(broken).toEqual([]);
});
