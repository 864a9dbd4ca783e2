/**
 * The bundling choices of every function (infra/constructs/graph-function.ts), as esbuild
 * receives them. What they achieve (size, one copy of Apollo, no protobuf) is checked on
 * the real bundles in bundles.integration.test.ts.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../functions/local/dataset-files.js';
import { BUILTINS_BY_REQUIRE, graphBundling, GraphFunction } from '../../infra/constructs/graph-function.js';

const bundling = graphBundling(PROJECT_ROOT);
const aliases = Object.fromEntries(((bundling.esbuildArgs?.['--alias'] ?? []) as string[]).map((entry) => entry.split('=') as [string, string]));

describe('the bundling of every function', () => {
  it('bundles the AWS SDK the tests ran against instead of the runtime copy', () => {
    expect(bundling.bundleAwsSDK).toBe(true);
  });

  it('sends every import of @apollo/server to its ES module build, a folder that exists', () => {
    expect([aliases['@apollo/server'], existsSync(path.join(aliases['@apollo/server']!, 'index.js'))]).toEqual([path.join(PROJECT_ROOT, 'node_modules/@apollo/server/dist/esm'), true]);
  });

  it('replaces the usage-reporting protobuf and signature code with the stub in infra/bundling', () => {
    const stub = path.join(PROJECT_ROOT, 'infra/bundling/apollo-usage-reporting-stub.ts');
    expect([aliases['@apollo/usage-reporting-protobuf'], aliases['@apollo/utils.usagereporting'], existsSync(stub)]).toEqual([stub, stub, true]);
  });

  it("gives Apollo's query hashing Node's crypto through infra/bundling", () => {
    expect([aliases['@apollo/utils.createhash'], existsSync(aliases['@apollo/utils.createhash']!)]).toEqual([path.join(PROJECT_ROOT, 'infra/bundling/apollo-createhash.ts'), true]);
  });

  it('takes the listed Node built-ins through require, under both names, each from its own stand-in', () => {
    expect(BUILTINS_BY_REQUIRE).toEqual(['crypto', 'fs', 'fs/promises', 'http', 'process']);
    for (const name of BUILTINS_BY_REQUIRE) {
      const file = path.join(PROJECT_ROOT, 'infra/bundling/builtins', `${name.replace('/', '-')}.cjs`);
      expect([aliases[name], aliases[`node:${name}`], existsSync(file)]).toEqual([file, file, true]);
    }
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
    expect(() => stub.usageReportingSignature()).toThrow(/ApolloServerPluginUsageReportingDisabled/);
    expect(() => stub.calculateReferencedFieldsByType()).toThrow(/ApolloServerPluginUsageReportingDisabled/);
  });
});

describe('the stand-ins for Node built-ins', () => {
  it.each(BUILTINS_BY_REQUIRE)('node:%s is the built-in module itself', (name) => {
    const load = createRequire(import.meta.url);
    expect(load(`../../infra/bundling/builtins/${name.replace('/', '-')}.cjs`)).toBe(process.getBuiltinModule(`node:${name}`));
  });
});

describe("Apollo's hash function in the bundles", () => {
  it("is Node's own, giving the same digest", async () => {
    const { createHash: apolloHash } = await import('../../infra/bundling/apollo-createhash.js');
    expect(apolloHash('sha256').update('{ datasets { name } }').digest('hex')).toBe(createHash('sha256').update('{ datasets { name } }').digest('hex'));
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
