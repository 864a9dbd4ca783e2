import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTemplate } from './support.js';

let template: Template;

beforeAll(() => {
  template = buildTemplate({ stage: 'dev', cdn: true });
});

const distribution = () => Object.values(template.findResources('AWS::CloudFront::Distribution'))[0]!.Properties.DistributionConfig;

describe('the CloudFront option (cdn: true)', () => {
  it('puts one distribution in front of the HTTP API, reaching it over HTTPS only', () => {
    template.resourceCountIs('AWS::CloudFront::Distribution', 1);
    const [origin] = distribution().Origins;
    expect(JSON.stringify(origin.DomainName)).toMatch(/GraphqlApi/);
    expect(origin.CustomOriginConfig.OriginProtocolPolicy).toBe('https-only');
  });

  it('lets POST through but answers only GET and HEAD from the cache', () => {
    const behavior = distribution().DefaultCacheBehavior;
    expect(behavior.AllowedMethods).toEqual(expect.arrayContaining(['GET', 'HEAD', 'OPTIONS', 'POST']));
    expect(behavior.CachedMethods).toEqual(['GET', 'HEAD']);
  });

  it('stores only what the API marks cacheable: no default lifetime, a one-hour ceiling', () => {
    template.hasResourceProperties('AWS::CloudFront::CachePolicy', {
      CachePolicyConfig: Match.objectLike({ DefaultTTL: 0, MinTTL: 0, MaxTTL: 3600 }),
    });
  });

  it('keys the cache on the whole query string, the Origin and Authorization headers, and no cookies', () => {
    template.hasResourceProperties('AWS::CloudFront::CachePolicy', {
      CachePolicyConfig: Match.objectLike({
        ParametersInCacheKeyAndForwardedToOrigin: Match.objectLike({
          QueryStringsConfig: { QueryStringBehavior: 'all' },
          HeadersConfig: { HeaderBehavior: 'whitelist', Headers: ['origin', 'authorization'] },
          CookiesConfig: { CookieBehavior: 'none' },
        }),
      }),
    });
  });

  it('forwards every viewer header but Host, so API Gateway routes the request', () => {
    // The managed AllViewerExceptHostHeader policy.
    expect(distribution().DefaultCacheBehavior.OriginRequestPolicyId).toBe('b689b0a8-53d0-40ab-baf2-68738e2966ac');
  });

  it('outputs the endpoint through CloudFront', () => {
    template.hasOutput('CdnGraphqlUrl', { Value: { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [Match.stringLikeRegexp('^GraphqlCdnDistribution'), 'DomainName'] }, '/graphql']] } });
  });
});
