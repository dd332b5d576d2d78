import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { buildApp } from '../../lib/app';
import { githubAccessFor } from '../../lib/config/github';
import { cdkJsonContext, nagErrors, synthFindings } from '../helpers/nag';

const EXAMPLES = path.join(__dirname, '..', '..', 'examples');
const files = fs.readdirSync(EXAMPLES).filter((f) => f.endsWith('.json'));

// The README's promise: a config file alone adds or overrides environments, CI access included.
describe.each(files)('the whole app on examples/%s', (file) => {
  const configFile = path.join(EXAMPLES, file);
  const names = Object.keys(JSON.parse(fs.readFileSync(configFile, 'utf8')).environments);
  let app: App;
  let stages: ReturnType<typeof buildApp>;
  let findings: ReturnType<typeof synthFindings>;

  beforeAll(() => {
    app = new App({
      outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'example-')),
      context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [], configFile },
    });
    stages = buildApp(app, { controlTower: false });
    findings = synthFindings(app);
  });
  afterAll(() => fs.rmSync(app.outdir, { recursive: true, force: true }));

  test('synthesizes a stage for every environment of the file, with no cdk-nag error', () => {
    expect(names.every((n) => stages.some((s) => s.config.name === n))).toBe(true);
    expect(nagErrors(findings)).toEqual([]);
  });

  test("every environment of the file gets a deploy role in its account's OIDC stack", () => {
    for (const stage of stages) {
      const access = githubAccessFor(stage.config);
      const stack = app.node.findChild(`GithubOidc-${stage.config.account}`);
      const role = stack.node.findAll().find((c) => (c as any).cfnResourceType === 'AWS::IAM::Role' && (c as any).roleName === access.deployRoleName);
      expect({ env: stage.config.name, role: role ? access.deployRoleName : 'missing' }).toEqual({ env: stage.config.name, role: access.deployRoleName });
    }
  });
});
