import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, it } from 'vitest';
import { buildTemplate } from './support.js';

let template: Template;

beforeAll(() => {
  template = buildTemplate({ stage: 'prod', signInCallbackUrls: ['https://scrutiny.council.example/'] });
});

describe('sign-in with callback URLs on a prod stack', () => {
  it('lets the app client use the authorization-code flow (with PKCE), never the implicit one', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code'],
      GenerateSecret: false,
    });
  });

  it('returns only to the callback URLs given, with OpenID and e-mail scopes', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      CallbackURLs: ['https://scrutiny.council.example/'],
      LogoutURLs: ['https://scrutiny.council.example/'],
      AllowedOAuthScopes: Match.arrayEquals(['openid', 'email']),
    });
  });

  it('keeps the user pool and its users when the stack is deleted, with deletion protection', () => {
    template.hasResource('AWS::Cognito::UserPool', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain', Properties: Match.objectLike({ DeletionProtection: 'ACTIVE' }) });
  });
});
