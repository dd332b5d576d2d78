import * as fs from 'fs';
import * as path from 'path';
import { AssetHashType, DockerImage, ILocalBundling } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as Esbuild from 'esbuild';

/**
 * esbuild options of every Lambda: Node.js 24 CommonJS, minified, with a source map; the AWS SDK
 * is left to the runtime, which ships it.
 */
export const LAMBDA_ESBUILD_OPTIONS = {
  bundle: true,
  platform: 'node',
  target: 'node24',
  format: 'cjs',
  minify: true,
  sourcemap: true,
  external: ['@aws-sdk/*'],
  logLevel: 'warning',
} as const satisfies Esbuild.BuildOptions;

/**
 * Bundles one entry with esbuild's API inside the synth process: no `npx` process per function.
 * Its only field is the entry, which the CDK puts in the asset cache key, so every environment's
 * copy of a function reuses the bundle of the first.
 */
class InProcessEsbuild implements ILocalBundling {
  constructor(private readonly entry: string) {}

  tryBundle(outputDir: string): boolean {
    // Loaded on first use: tests that skip bundling never load esbuild.
    const esbuild = require('esbuild') as typeof Esbuild;
    esbuild.buildSync({ ...LAMBDA_ESBUILD_OPTIONS, entryPoints: [this.entry], outfile: path.join(outputDir, 'index.js') });
    return true;
  }
}

/** The code of a Lambda: `entry` bundled into `index.js`, hashed by the bundle's content. */
export function esbuildCode(entry: string): lambda.AssetCode {
  if (!fs.existsSync(entry)) throw new Error(`Cannot find entry file ${entry}: a Lambda's source folder needs an index.ts`);
  return lambda.Code.fromAsset(path.dirname(entry), {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Required by the API, never pulled: local bundling either succeeds or throws.
      image: DockerImage.fromRegistry('public.ecr.aws/docker/library/node:24'),
      local: new InProcessEsbuild(entry),
    },
  });
}
