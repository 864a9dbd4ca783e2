import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTemplate, GRAPHQL_DESCRIPTION } from './support.js';

let template: Template;

beforeAll(() => {
  template = buildTemplate({ stage: 'prod', introspection: true, graphqlReservedConcurrency: 5 });
});

describe('a prod stack configured for introspection and 5 reserved executions', () => {
  it('turns introspection on in the GraphQL function', () => {
    template.hasResourceProperties('AWS::Lambda::Function', { Description: GRAPHQL_DESCRIPTION, Environment: { Variables: Match.objectLike({ GRAPHQL_INTROSPECTION: 'true' }) } });
  });

  it('reserves 5 concurrent executions for the GraphQL function', () => {
    template.hasResourceProperties('AWS::Lambda::Function', { Description: GRAPHQL_DESCRIPTION, ReservedConcurrentExecutions: 5 });
  });
});

describe('graphqlReservedConcurrency', () => {
  it('reserves none when given 0', () => {
    const none = buildTemplate({ stage: 'prod', graphqlReservedConcurrency: 0 });
    none.hasResourceProperties('AWS::Lambda::Function', { Description: GRAPHQL_DESCRIPTION, ReservedConcurrentExecutions: Match.absent() });
  });

  it('refuses a value that is not a whole number of executions, saying what to give', () => {
    expect(() => buildTemplate({ stage: 'prod', graphqlReservedConcurrency: 2.5 })).toThrow(/whole number of executions \(0 for none\); got 2.5/);
  });
});
