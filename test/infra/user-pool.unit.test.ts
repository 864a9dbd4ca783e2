import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTemplate, GRAPHQL_DESCRIPTION, logicalId } from './support.js';

let template: Template;

beforeAll(() => {
  template = buildTemplate({ stage: 'dev' });
});

const poolRef = () => ({ Ref: logicalId(template, 'AWS::Cognito::UserPool', {}) });

describe('the sign-in user pool (dev stage)', () => {
  it('is one pool whose users only an administrator creates', () => {
    template.resourceCountIs('AWS::Cognito::UserPool', 1);
    template.hasResourceProperties('AWS::Cognito::UserPool', { AdminCreateUserConfig: { AllowAdminCreateUserOnly: true } });
  });

  it('requires a second factor, by authenticator app only', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', { MfaConfiguration: 'ON', EnabledMfas: ['SOFTWARE_TOKEN_MFA'] });
  });

  it('asks for passwords of 14 characters or more with lower case, upper case and digits, and temporary ones that lapse in 3 days', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      Policies: { PasswordPolicy: { MinimumLength: 14, RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: false, TemporaryPasswordValidityDays: 3 } },
    });
  });

  it('signs users in by e-mail address and recovers accounts by verified e-mail only', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      UsernameAttributes: ['email'],
      AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] },
    });
  });

  it('is deleted with a dev stack, unprotected', () => {
    template.hasResource('AWS::Cognito::UserPool', { DeletionPolicy: 'Delete', Properties: Match.objectLike({ DeletionProtection: 'INACTIVE' }) });
  });

  it('has the officer and editor groups, editor first in precedence', () => {
    template.resourceCountIs('AWS::Cognito::UserPoolGroup', 2);
    template.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: 'editor', Precedence: 1, UserPoolId: poolRef() });
    template.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: 'officer', Precedence: 2, UserPoolId: poolRef() });
  });

  it('has one app client, public (no secret), signing in with SRP and refresh tokens only', () => {
    template.resourceCountIs('AWS::Cognito::UserPoolClient', 1);
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      UserPoolId: poolRef(),
      GenerateSecret: false,
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    });
  });

  it('enables no OAuth flow when no callback URL is given', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', { AllowedOAuthFlowsUserPoolClient: false, AllowedOAuthFlows: Match.absent() });
  });

  it('hides whether an account exists and lets tokens be revoked', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', { PreventUserExistenceErrors: 'ENABLED', EnableTokenRevocation: true });
  });

  it('issues access tokens valid for an hour and refresh tokens for twelve', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      AccessTokenValidity: 60,
      IdTokenValidity: 60,
      RefreshTokenValidity: 720,
      TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'minutes' },
    });
  });

  it("gives the GraphQL function the pool's id and the app client's id", () => {
    const clientId = logicalId(template, 'AWS::Cognito::UserPoolClient', {});
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: GRAPHQL_DESCRIPTION,
      Environment: { Variables: Match.objectLike({ COGNITO_USER_POOL_ID: poolRef(), COGNITO_CLIENT_ID: { Ref: clientId } }) },
    });
  });

  it('gives the export function no sign-in settings', () => {
    const exportFunction = Object.values(template.findResources('AWS::Lambda::Function', { Properties: { Description: Match.stringLikeRegexp('export') } }))[0]!;
    expect(Object.keys(exportFunction.Properties.Environment.Variables)).not.toContain('COGNITO_USER_POOL_ID');
  });

  it('outputs the pool id and the app client id', () => {
    template.hasOutput('UserPoolId', { Value: poolRef() });
    template.hasOutput('UserPoolClientId', { Value: { Ref: logicalId(template, 'AWS::Cognito::UserPoolClient', {}) } });
  });
});
