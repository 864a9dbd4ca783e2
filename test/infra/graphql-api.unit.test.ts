import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, it } from 'vitest';
import { CORS_POLICY } from '../../functions/graphql/cors.js';
import { buildTemplate, functionId, GRAPHQL_DESCRIPTION } from './support.js';

let template: Template;

beforeAll(() => {
  template = buildTemplate({ stage: 'dev' });
});

describe('the GraphQL HTTP API (dev stage)', () => {
  it('is an HTTP API that lets any origin call it from a browser on dev', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'HTTP',
      CorsConfiguration: Match.objectLike({ AllowOrigins: ['*'], AllowMethods: Match.arrayWith(['GET', 'POST']) }),
    });
  });

  it.each(['POST /graphql', 'GET /graphql'])('routes %s to the GraphQL function', (routeKey) => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: routeKey,
      Target: { 'Fn::Join': ['', ['integrations/', { Ref: Match.stringLikeRegexp('^GraphqlApi') }]] },
    });
  });

  it('answers preflights with the policy the local server applies', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: {
        AllowOrigins: ['*'],
        AllowMethods: [...CORS_POLICY.allowMethods],
        AllowHeaders: [...CORS_POLICY.allowHeaders],
        ExposeHeaders: [...CORS_POLICY.exposeHeaders],
        MaxAge: CORS_POLICY.maxAgeSeconds,
      },
    });
  });

  it('has no CloudFront distribution unless asked for one', () => {
    template.resourceCountIs('AWS::CloudFront::Distribution', 0);
  });

  it('has no other routes', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Route', 2);
  });

  it('integrates the GraphQL function with payload format 2.0', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
      IntegrationUri: { 'Fn::GetAtt': [functionId(template, GRAPHQL_DESCRIPTION), 'Arn'] },
    });
  });

  it('throttles the default stage at 50 requests per second with bursts of 100', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
    });
  });

  it('writes JSON access logs with the request id to its own log group', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      AccessLogSettings: {
        DestinationArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^GraphqlApiAccessLogs'), 'Arn'] },
        Format: Match.serializedJson(Match.objectLike({ requestId: '$context.requestId', status: '$context.status' })),
      },
    });
  });

  it('outputs the GraphQL URL', () => {
    template.hasOutput('GraphqlUrl', {
      Value: { 'Fn::Join': ['', [Match.objectLike({ 'Fn::GetAtt': [Match.stringLikeRegexp('^GraphqlApi'), 'ApiEndpoint'] }), '/graphql']] },
    });
  });
});
