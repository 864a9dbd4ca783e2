/**
 * Every Lambda function of the stack is a GraphFunction: one place fixes the runtime,
 * architecture, bundling, source maps and log retention, and table access is granted
 * per function with `bindTable`, never more than the access mode asks for.
 */
import path from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/**
 * What a function may do to the graph table. Each mode is the exact list of actions
 * that a kind of function performs, and whether it reads the indexes; a function that
 * needs something else gets a new mode, not a wider one.
 */
export const TABLE_ACCESS = {
  /** The GraphQL API: point reads, batched reads, and queries on the table and its indexes. */
  read: { actions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'], indexes: true },
  /**
   * The export: a parallel Scan of the base table, and one GetItem for the dataset's
   * version record (functions/storage/table-export.ts). It never queries an index.
   */
  export: { actions: ['dynamodb:Scan', 'dynamodb:GetItem'], indexes: false },
} as const satisfies Record<string, { actions: readonly string[]; indexes: boolean }>;

export type TableAccess = keyof typeof TABLE_ACCESS;

/**
 * The one Node.js major the project supports (Active LTS, supported to April 2028):
 * the Lambda runtime and the bundle's language target here, `engines` and the pinned
 * `node` dev dependency in package.json and `.nvmrc` for local commands. A unit test
 * keeps them in agreement.
 */
export const NODE_RUNTIME = Runtime.NODEJS_24_X;
export const BUNDLE_TARGET = 'node24';

/**
 * How every function is bundled (esbuild, through NodejsFunction). The choices, and what
 * `npm run bench:scale` measures them against (a bare Apollo Server bundled the same way):
 *
 * - Minified ESM for Node 24, one file. The project is "type": "module" and @apollo/server 5
 *   ships ESM, so esbuild takes the `module` entry points; dependencies still in CommonJS
 *   call `require` for Node built-ins, which an ES module lacks, so the banner gives them one.
 * - One copy of Apollo Server. @as-integrations/aws-lambda is CommonJS and `require`s
 *   @apollo/server, which would bundle Apollo's CommonJS build (and its CommonJS
 *   graphql-tools and protobuf code) beside the ESM build the server uses: about 330 KB twice.
 *   The alias sends every import of @apollo/server, and its subpaths, to the ESM build.
 * - No usage-reporting code. Apollo imports @apollo/usage-reporting-protobuf (213 KB) and
 *   @apollo/utils.usagereporting (operation signatures, with lodash.sortby: 20 KB) only in
 *   its usage-reporting and inline-trace plugins, which this project never runs
 *   (functions/graphql/server.ts turns both off); a stub that throws on first use stands in.
 * - Node's own SHA-256 for Apollo's query hashes: @apollo/utils.createhash, bundled, cannot
 *   see Node's crypto and hashed in JavaScript with sha.js (30 KB with its polyfills);
 *   infra/bundling/apollo-createhash.ts calls node:crypto.
 * - No AWS SDK in the GraphQL function: it reads the table with functions/storage/table-client.ts,
 *   DynamoDB's JSON protocol signed with node:crypto (a few KB), where the SDK's DynamoDB
 *   clients were about 200 KB of the bundle and most of the first request's time
 *   (`npm run bench:scale -- --lambda-only` measures it). Where the SDK is still used (the
 *   export function's S3 client) it is bundled, not taken from the runtime. Reproducibility
 *   over size: the SDK that runs is the one the tests ran against (package-lock.json), not
 *   whatever version the runtime image carries that week, and the bundle runs anywhere
 *   Node 24 does; loading the runtime's copy from node_modules, module by module, took more
 *   CPU at start than parsing the bundled one.
 * - Credentials from the environment only. Lambda puts the role's credentials there, so the
 *   SDK's default chain (profiles, SSO, credential processes, token files, instance
 *   metadata) is replaced by infra/bundling/lambda-credentials.ts: about 135 KB less, and
 *   no child_process, http2, dgram or worker_threads loaded at every cold start. The table
 *   client reads the same environment (functions/storage/dynamodb-client.ts).
 * - A source map is shipped (mappings only, `sourcesContent: false`) but not loaded at start:
 *   `--enable-source-maps` makes Node parse the map on every cold start, so it is off unless
 *   a function asks for it (`sourceMapsAtRuntime`). A stack trace from the logs can be mapped
 *   afterwards with the shipped `.map` file.
 */
/**
 * Node built-ins the bundles take through `require` (infra/bundling/builtins/<name>.cjs,
 * a `/` in the name written `-`) instead of an ES module `import`. Importing a built-in as
 * an ES module builds its facade, which reads every export once, the lazy ones too:
 * `node:http`'s loads undici (fetch, WebSocket) with http2, worker_threads and web
 * streams, `node:crypto`'s the Web Crypto API, `node:process`'s the diagnostic report and
 * the set of allowed flags, `node:fs`'s the file stream classes. Through `require` an export
 * is read when the code uses it. The SDK (in the export function) imports `node:crypto`,
 * `node:fs` and `node:process` at start, and `node:http` on its first request to an
 * http:// endpoint (a local engine); `node:https`, its endpoint on AWS, has no lazy exports
 * and stays an import. The table client takes `node:http` or `node:https` with
 * process.getBuiltinModule on its first request, only the one its endpoint needs. An alias also covers its subpaths (`node:fs` would take
 * `node:fs/promises`), so a built-in's subpath module is listed too.
 */
export const BUILTINS_BY_REQUIRE = ['crypto', 'fs', 'fs/promises', 'http', 'process'] as const;

/** esbuild aliases sending both spellings of each of BUILTINS_BY_REQUIRE to its CommonJS stand-in. */
function builtinAliases(projectRoot: string): string[] {
  return BUILTINS_BY_REQUIRE.flatMap((name) => [name, `node:${name}`].map((specifier) => `${specifier}=${path.join(projectRoot, 'infra', 'bundling', 'builtins', `${name.replace('/', '-')}.cjs`)}`));
}

export function graphBundling(projectRoot: string): BundlingOptions {
  return {
    // The locally installed esbuild; no Docker engine is needed to synthesize.
    forceDockerBundling: false,
    minify: true,
    sourceMap: true,
    sourcesContent: false,
    target: BUNDLE_TARGET,
    format: OutputFormat.ESM,
    mainFields: ['module', 'main'],
    banner: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    esbuildArgs: {
      '--alias': [
        `@apollo/server=${path.join(projectRoot, 'node_modules', '@apollo', 'server', 'dist', 'esm')}`,
        `@apollo/usage-reporting-protobuf=${path.join(projectRoot, 'infra', 'bundling', 'apollo-usage-reporting-stub.ts')}`,
        `@apollo/utils.usagereporting=${path.join(projectRoot, 'infra', 'bundling', 'apollo-usage-reporting-stub.ts')}`,
        `@apollo/utils.createhash=${path.join(projectRoot, 'infra', 'bundling', 'apollo-createhash.ts')}`,
        `@aws-sdk/credential-provider-node=${path.join(projectRoot, 'infra', 'bundling', 'lambda-credentials.ts')}`,
        ...builtinAliases(projectRoot),
      ],
    },
    bundleAwsSDK: true,
  };
}

export interface GraphFunctionProps {
  /** Path of the handler module (TypeScript); it must export `handler`. */
  readonly entry: string;
  /** Folder that holds package.json and package-lock.json. */
  readonly projectRoot: string;
  /** What the function does, shown in the console. */
  readonly description?: string;
  /**
   * Memory in MB. On Lambda, CPU scales with memory, and cold starts (parsing a
   * megabyte-scale bundle) are CPU-bound; see the callers for each choice.
   * @default 1024
   */
  readonly memorySize?: number;
  /**
   * Maximum run time of one invocation.
   * @default Duration.seconds(10)
   */
  readonly timeout?: Duration;
  /**
   * How long the function's logs are kept.
   * @default RetentionDays.ONE_MONTH
   */
  readonly logRetention?: RetentionDays;
  /**
   * What happens to the log group when the stack is deleted.
   * @default RemovalPolicy.DESTROY
   */
  readonly logRemovalPolicy?: RemovalPolicy;
  /**
   * Concurrent executions reserved for (and capping) this function: a ceiling on what a
   * flood of requests can cost, and on the load it puts on the table.
   * @default - none: the function shares the account's unreserved pool
   */
  readonly reservedConcurrentExecutions?: number;
  /**
   * Extra environment variables (TABLE_NAME is set by `bindTable`).
   * @default - none
   */
  readonly environment?: Record<string, string>;
  /**
   * Load the bundled source map at start (`NODE_OPTIONS=--enable-source-maps`), so stack
   * traces in the logs name the TypeScript sources. It costs every cold start the parse
   * of the map, so it is for a function being debugged.
   * @default false
   */
  readonly sourceMapsAtRuntime?: boolean;
}

export class GraphFunction extends Construct {
  readonly function: NodejsFunction;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: GraphFunctionProps) {
    super(scope, id);
    // An explicit log group: retention is set by CloudFormation itself (no LogRetention
    // custom resource), and the group goes away with the stack when asked to.
    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.DESTROY,
    });
    this.function = new NodejsFunction(this, 'Function', {
      entry: props.entry,
      handler: 'handler',
      projectRoot: props.projectRoot,
      depsLockFilePath: `${props.projectRoot}/package-lock.json`,
      description: props.description,
      runtime: NODE_RUNTIME,
      // Graviton: about 20% cheaper per GB-second than x86, and nothing here is native code.
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 1024,
      timeout: props.timeout ?? Duration.seconds(10),
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      logGroup: this.logGroup,
      environment: {
        // Libraries' production paths: graphql-js's type checks drop the development
        // mode's second look at every failed instanceof (about 1% of a cold start's
        // instructions). Apollo's own defaults that NODE_ENV would change (introspection,
        // stack traces, landing page) are all set explicitly by createGraphServer.
        NODE_ENV: 'production',
        ...(props.sourceMapsAtRuntime ? { NODE_OPTIONS: '--enable-source-maps' } : {}),
        ...props.environment,
      },
      bundling: graphBundling(props.projectRoot),
    });
  }

  /**
   * Gives the function the table's name (env TABLE_NAME) and exactly the actions of the
   * access mode, on the table (and its indexes when the mode reads them).
   */
  bindTable(table: ITable, access: TableAccess): void {
    const { actions, indexes } = TABLE_ACCESS[access];
    this.function.addEnvironment('TABLE_NAME', table.tableName);
    this.function.addToRolePolicy(
      new PolicyStatement({
        actions: [...actions],
        resources: indexes ? [table.tableArn, `${table.tableArn}/index/*`] : [table.tableArn],
      }),
    );
  }
}
