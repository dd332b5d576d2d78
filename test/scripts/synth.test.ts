import { quietBundling } from '../../scripts/synth';

test('npm run synth counts bundled Lambdas instead of printing esbuild output, and keeps everything else', () => {
  const stderr = [
    'Bundling asset staging/Migration/DatabaseBootstrap/Function/Code/Stage...',
    '',
    '  cdk.out/bundling-temp-4b52468b7c1928660cf310087db58ac0a0bc6cfef31d51e-building/index.js      17.8kb',
    '  ...4b52468b7c1928660cf310087db58ac0a0bc6cfef31d51e-building/index.js.map  65.2kb',
    '',
    '⚡ Done in 500ms',
    'Bundling asset staging/Migration/DatabaseMigration/StartFunction/Code/Stage...',
    '',
    '⚡ Done in 7220ms',
    "Environment stacks are inside stages: cdk ls 'staging/*' (or '**' for every stack).",
    '[Warning at /staging/Services] placeholder image tag',
    'Successfully synthesized to /work/app/cdk.out',
    'Supply a stack id (GithubOidc-111111111111, GithubOidc-222222222222) to display its template.',
  ].join('\n');
  expect(quietBundling(stderr)).toEqual({
    bundled: 2,
    text: "Environment stacks are inside stages: cdk ls 'staging/*' (or '**' for every stack).\n[Warning at /staging/Services] placeholder image tag",
  });
});
