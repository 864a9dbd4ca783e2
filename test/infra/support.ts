/**
 * Builds the stack for the infra tests. Unit tests synthesize the template only: the
 * `aws:cdk:bundling-stacks` context set to [] skips esbuild, so they are pure and fast.
 * Bundling (and running the bundles) is the integration tier's job.
 */
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { ScrutinyGraphStack, type ScrutinyGraphStackProps } from '../../infra/stack.js';

export const GRAPHQL_DESCRIPTION = 'Scrutiny Graph GraphQL API';
export const EXPORT_DESCRIPTION = 'Scrutiny Graph nightly export to S3';

export function buildTemplate(props: ScrutinyGraphStackProps): Template {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  return Template.fromStack(new ScrutinyGraphStack(app, `ScrutinyGraph-${props.stage}`, props));
}

/** The logical id of the only resource of `type` matching `props`; fails otherwise. */
export function logicalId(template: Template, type: string, props: Record<string, unknown>): string {
  const ids = Object.keys(template.findResources(type, { Properties: Match.objectLike(props) }));
  if (ids.length !== 1) throw new Error(`Expected one ${type} matching ${JSON.stringify(props)}, found ${ids.length}`);
  return ids[0]!;
}

export function functionId(template: Template, description: string): string {
  return logicalId(template, 'AWS::Lambda::Function', { Description: description });
}

export interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

/** Every statement of the inline policies attached to the role of a function. */
export function roleStatements(template: Template, description: string): Statement[] {
  const fn = template.toJSON().Resources[functionId(template, description)];
  const roleId = fn.Properties.Role['Fn::GetAtt'][0] as string;
  const policies = template.findResources('AWS::IAM::Policy', { Properties: { Roles: Match.arrayWith([{ Ref: roleId }]) } });
  return Object.values(policies).flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[]);
}

export const actionsOf = (statement: Statement): string[] => [statement.Action].flat();
