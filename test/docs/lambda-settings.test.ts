import * as fs from 'fs';
import * as path from 'path';

const LAMBDA = path.join(__dirname, '../../lambda');

/** Environment variables a function's code reads (its directory, and files it imports from other functions). */
function variablesRead(dir: string): Set<string> {
  const own = fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(dir, f));
  const sources = own.map((f) => fs.readFileSync(f, 'utf8'));
  const imported = sources.flatMap((code) => [...code.matchAll(/from '\.\.\/((?!shared\/)[a-z-]+\/[a-z-]+)'/g)].map((m) => path.join(LAMBDA, `${m[1]}.ts`)));
  const code = [...sources, ...imported.map((f) => fs.readFileSync(f, 'utf8'))].join('\n');
  return new Set(
    [
      ...code.matchAll(/\.(?:required|optional|integer|list|url)\('([A-Z][A-Z0-9_]+)'/g),
      // `env.NAME`, except a variable read only to refuse it (a retired name).
      ...code.matchAll(/\benv\.([A-Z][A-Z0-9_]+)\b(?! !== undefined\) r\.problem)/g),
    ].map((m) => m[1]),
  );
}

/** `## <function>` sections of lambda/README.md with their variable table's names. */
function documented(): Map<string, Set<string>> {
  const readme = fs.readFileSync(path.join(LAMBDA, 'README.md'), 'utf8');
  const sections = new Map<string, Set<string>>();
  for (const section of readme.split(/^## /m).slice(1)) {
    const name = section.split('\n')[0].trim();
    const table = section.split(/^\| variable \| default \| meaning \|$/m)[1];
    if (table === undefined) continue;
    const lines = table.split('\n').slice(2);
    const end = lines.findIndex((l) => !l.startsWith('|'));
    const cells = lines.slice(0, end === -1 ? undefined : end).map((l) => l.split('|')[1]);
    sections.set(name, new Set(cells.flatMap((c) => [...c.matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((m) => m[1]))));
  }
  return sections;
}

test('the variable tables of lambda/README.md name exactly the variables each function reads', () => {
  const sections = documented();
  expect([...sections.keys()].sort()).toEqual(['deployment-hook', 'health-check', 'jwt-key-rotation', 'redis-auth-rotation', 'status-page']);
  for (const [name, variables] of sections) {
    expect({ name, variables: [...variables].sort() }).toEqual({ name, variables: [...variablesRead(path.join(LAMBDA, name))].sort() });
  }
});
