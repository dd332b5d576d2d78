import * as fs from 'fs';
import * as path from 'path';
import { AssemblyEnvironment, AssemblyStack } from './types';

/**
 * Reads a cloud assembly (`cdk.out`) into environments: one per stage (nested assembly), and one per
 * stack outside any stage. Environments and stacks come sorted by name, so output is deterministic.
 */
export function readAssembly(dir: string): AssemblyEnvironment[] {
  const manifestFile = path.join(dir, 'manifest.json');
  if (!fs.existsSync(manifestFile)) throw new Error(`No cloud assembly at ${dir} (missing manifest.json): run npm run synth first.`);
  const groups = new Map<string, AssemblyStack[]>();
  collect(dir, undefined, groups);
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, stacks]) => ({ name, stacks: [...stacks].sort((a, b) => a.stackName.localeCompare(b.stackName)) }));
}

function collect(dir: string, stage: string | undefined, groups: Map<string, AssemblyStack[]>): void {
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  for (const [id, artifact] of Object.entries<any>(manifest.artifacts ?? {})) {
    if (artifact.type === 'cdk:cloud-assembly') {
      collect(path.join(dir, artifact.properties.directoryName), id.replace(/^assembly-/, ''), groups);
    } else if (artifact.type === 'aws:cloudformation:stack') {
      const template = JSON.parse(fs.readFileSync(path.join(dir, artifact.properties.templateFile), 'utf8'));
      // aws://account/region
      const region =
        String(artifact.environment ?? '')
          .split('/')
          .pop() ?? '';
      const group = stage ?? id;
      const list = groups.get(group) ?? [];
      list.push({ stackName: artifact.properties.stackName ?? id, region, environment: artifact.environment, resources: template.Resources ?? {} });
      groups.set(group, list);
    }
  }
}
