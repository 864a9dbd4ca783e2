/**
 * The CDK app. Settings come from context: `-c stage=dev|prod` (default dev),
 * `-c exportSchedule='cron(...)'`, `-c allowedOrigins=https://a.example,https://b.example`,
 * `-c alarmEmail=ops@council.example`, `-c introspection=true|false`,
 * `-c graphqlReservedConcurrency=20`, `-c cdn=true` (CloudFront in front of the API),
 * `-c signInCallbackUrls=https://a.example/` (sign-in with the code flow and PKCE),
 * `-c restrictedExport=true` (the full set too, for officers only).
 * See infra/README.md.
 */
import { App, Tags } from 'aws-cdk-lib';
import { ScrutinyGraphStack, STAGES, type StageName } from './stack.js';

const app = new App();
const context = (key: string): string | undefined => app.node.tryGetContext(key) || undefined;

const stage = context('stage') ?? 'dev';
if (!STAGES.includes(stage as StageName)) throw new Error(`Unknown stage "${stage}": pass -c stage=dev or -c stage=prod`);
const origins = context('allowedOrigins');
const introspection = context('introspection');
const reserved = context('graphqlReservedConcurrency');
const callbacks = context('signInCallbackUrls');

new ScrutinyGraphStack(app, `ScrutinyGraph-${stage}`, {
  stage: stage as StageName,
  exportSchedule: context('exportSchedule'),
  allowedOrigins: origins === undefined ? undefined : origins.split(',').map((o) => o.trim()).filter(Boolean),
  alarmEmail: context('alarmEmail'),
  introspection: introspection === undefined ? undefined : String(introspection) === 'true',
  graphqlReservedConcurrency: reserved === undefined ? undefined : Number(reserved),
  cdn: String(context('cdn')) === 'true',
  restrictedExport: String(context('restrictedExport')) === 'true',
  signInCallbackUrls: callbacks === undefined ? undefined : callbacks.split(',').map((u) => u.trim()).filter(Boolean),
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
Tags.of(app).add('project', 'scrutiny-graph');
Tags.of(app).add('stage', stage);
