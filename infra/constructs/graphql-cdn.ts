/**
 * An optional CloudFront distribution in front of the HTTP API. It caches what the API
 * marks cacheable (public GET queries and persisted queries: `Cache-Control: public,
 * max-age=...` with an ETag) and passes everything else through: the cache policy takes
 * its lifetimes from the API's own headers (no default TTL), so `no-store` and `private`
 * answers (POST, errors, requests with credentials) are never stored.
 */
import { Duration, Fn } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  AllowedMethods,
  CachedMethods,
  CacheHeaderBehavior,
  CachePolicy,
  CacheQueryStringBehavior,
  CacheCookieBehavior,
  Distribution,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  PriceClass,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { Construct } from 'constructs';

export interface GraphqlCdnProps {
  /** The HTTP API to put the distribution in front of. */
  readonly api: IHttpApi;
  /**
   * Longest a cached answer is kept, whatever the API's max-age says.
   * @default Duration.hours(1)
   */
  readonly maxTtl?: Duration;
  /**
   * Edge locations used (and paid for).
   * @default PriceClass.PRICE_CLASS_100 - Europe and North America
   */
  readonly priceClass?: PriceClass;
}

export class GraphqlCdn extends Construct {
  readonly distribution: Distribution;
  /** The GraphQL endpoint through CloudFront, `https://<id>.cloudfront.net/graphql`. */
  readonly graphqlUrl: string;

  constructor(scope: Construct, id: string, props: GraphqlCdnProps) {
    super(scope, id);
    const cachePolicy = new CachePolicy(this, 'CachePolicy', {
      comment: 'Scrutiny Graph: lifetimes from the API, keyed by the whole query string, Origin and Authorization',
      // No default lifetime: only answers the API marks public are stored.
      defaultTtl: Duration.seconds(0),
      minTtl: Duration.seconds(0),
      maxTtl: props.maxTtl ?? Duration.hours(1),
      // query, variables, operationName and a persisted query's hash are all in the URL.
      queryStringBehavior: CacheQueryStringBehavior.all(),
      // The API's CORS headers depend on the caller's Origin; the answer depends on who
      // signed in (and signed-in answers are `private, no-store`, never stored anyway).
      headerBehavior: CacheHeaderBehavior.allowList('origin', 'authorization'),
      cookieBehavior: CacheCookieBehavior.none(),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Scrutiny Graph GraphQL API',
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: props.priceClass ?? PriceClass.PRICE_CLASS_100,
      defaultBehavior: {
        origin: new HttpOrigin(Fn.select(2, Fn.split('/', props.api.apiEndpoint)), { protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY }),
        viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
        // POST must reach the API; only GET and HEAD are ever answered from the cache.
        allowedMethods: AllowedMethods.ALLOW_ALL,
        cachedMethods: CachedMethods.CACHE_GET_HEAD,
        cachePolicy,
        // Every viewer header (Apollo's CSRF-prevention headers among them) but Host,
        // which must name the API for API Gateway to route the request.
        originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        compress: true,
      },
    });
    this.graphqlUrl = `https://${this.distribution.distributionDomainName}/graphql`;
  }
}
