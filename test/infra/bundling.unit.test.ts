/**
 * The bundling choices of every function (infra/constructs/graph-function.ts), as esbuild
 * receives them. What they achieve (size, one copy of Apollo, no protobuf) is checked on
 * the real bundles in bundles.integration.test.ts.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../functions/local/dataset-files.js';
import { graphBundling, GraphFunction } from '../../infra/constructs/graph-function.js';

const bundling = graphBundling(PROJECT_ROOT);
const aliases = Object.fromEntries(((bundling.esbuildArgs?.['--alias'] ?? []) as string[]).map((entry) => entry.split('=') as [string, string]));

describe('the bundling of every function', () => {
  it('bundles the AWS SDK the tests ran against instead of the runtime copy', () => {
    expect(bundling.bundleAwsSDK).toBe(true);
  });

  it('sends every import of @apollo/server to its ES module build, a folder that exists', () => {
    expect([aliases['@apollo/server'], existsSync(path.join(aliases['@apollo/server']!, 'index.js'))]).toEqual([path.join(PROJECT_ROOT, 'node_modules/@apollo/server/dist/esm'), true]);
  });

  it('replaces the usage-reporting protobuf with the stub in infra/bundling', () => {
    expect([aliases['@apollo/usage-reporting-protobuf'], existsSync(aliases['@apollo/usage-reporting-protobuf']!)]).toEqual([path.join(PROJECT_ROOT, 'infra/bundling/apollo-usage-reporting-stub.ts'), true]);
  });

  it('takes credentials from the environment only, through the stub in infra/bundling', () => {
    expect([aliases['@aws-sdk/credential-provider-node'], existsSync(aliases['@aws-sdk/credential-provider-node']!)]).toEqual([path.join(PROJECT_ROOT, 'infra/bundling/lambda-credentials.ts'), true]);
  });

  it('ships a source map of mappings only, from a minified ES module for Node 24', () => {
    expect({ minify: bundling.minify, sourceMap: bundling.sourceMap, sourcesContent: bundling.sourcesContent, format: bundling.format, target: bundling.target }).toEqual({
      minify: true,
      sourceMap: true,
      sourcesContent: false,
      format: 'esm',
      target: 'node24',
    });
  });
});

describe('source maps at run time', () => {
  const environment = (sourceMapsAtRuntime?: boolean) => {
    const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Maps');
    new GraphFunction(stack, 'Fn', { entry: path.join(PROJECT_ROOT, 'functions/handlers/graphql.ts'), projectRoot: PROJECT_ROOT, sourceMapsAtRuntime });
    return Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function'))[0]!.Properties.Environment?.Variables ?? {};
  };

  it('are not loaded at start unless a function asks', () => {
    expect(environment().NODE_OPTIONS).toBeUndefined();
  });

  it('are loaded at start (--enable-source-maps) when a function asks for them', () => {
    expect(environment(true).NODE_OPTIONS).toBe('--enable-source-maps');
  });
});

describe('the usage-reporting stub', () => {
  it('fails with a message naming the plugins to keep off when anything reads it', async () => {
    const stub = await import('../../infra/bundling/apollo-usage-reporting-stub.js');
    expect(() => stub.Trace.Node).toThrow(/ApolloServerPluginUsageReportingDisabled/);
  });
});

describe('the Lambda credential provider', () => {
  const saved = { ...process.env };
  const provide = async (env: Record<string, string | undefined>) => {
    for (const key of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']) delete process.env[key];
    Object.assign(process.env, env);
    try {
      const { defaultProvider } = await import('../../infra/bundling/lambda-credentials.js');
      return await defaultProvider()();
    } finally {
      process.env = { ...saved };
    }
  };

  it("returns the role's credentials Lambda puts in the environment, session token included", async () => {
    expect(await provide({ AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', AWS_SESSION_TOKEN: 'token' })).toEqual({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret', sessionToken: 'token' });
  });

  it('leaves the session token out when the environment has none', async () => {
    expect(await provide({ AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret' })).toEqual({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' });
  });

  it('refuses, saying where credentials come from, when the environment has no secret key', async () => {
    await expect(provide({ AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE' })).rejects.toThrow(/AWS_SECRET_ACCESS_KEY/);
  });
});
