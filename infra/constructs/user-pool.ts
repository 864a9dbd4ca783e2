/**
 * Sign-in for officers and editors: a Cognito user pool whose users an administrator
 * creates (nobody signs themselves up), with TOTP MFA required, and one app client for
 * GraphiQL and front ends: a public client (no secret, since a browser cannot keep
 * one) that signs in with SRP, or with the authorization-code flow and PKCE where
 * callback URLs are given. The API accepts this client's access tokens only; a
 * user's groups (`officer`, `editor`) become its role (functions/core/access.ts).
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  AccountRecovery,
  FeaturePlan,
  Mfa,
  OAuthScope,
  UserPool,
  UserPoolClient,
  UserPoolClientIdentityProvider,
  UserPoolGroup,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { ROLE_GROUPS } from '../../functions/core/access.js';

/** What each group lets its members do; the order of ROLE_GROUPS (strongest first) sets the precedence. */
const GROUP_DESCRIPTIONS: Record<(typeof ROLE_GROUPS)[number], string> = {
  editor: 'Editors: read everything officers read, and (when the API gains writes) change the graph',
  officer: 'Officers: read restricted nodes and relationships as well as public ones',
};

export interface GraphUserPoolProps {
  /**
   * Keep the pool (and its users) when the stack is deleted, and turn on deletion protection.
   * @default false
   */
  readonly retain?: boolean;
  /**
   * Where the authorization-code flow (with PKCE) may return to after sign-in, e.g.
   * `https://scrutiny.council.example/`. Without any, the client signs in with SRP only
   * and no OAuth flow is enabled.
   * @default [] - SRP only
   */
  readonly callbackUrls?: readonly string[];
  /**
   * How long an access (and ID) token is valid; the API refuses it afterwards.
   * @default Duration.hours(1)
   */
  readonly accessTokenValidity?: Duration;
}

export class GraphUserPool extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  readonly groups: Record<(typeof ROLE_GROUPS)[number], UserPoolGroup>;

  constructor(scope: Construct, id: string, props: GraphUserPoolProps = {}) {
    super(scope, id);
    const retain = props.retain ?? false;
    this.userPool = new UserPool(this, 'UserPool', {
      // Accounts are for council staff, made by an administrator (AdminCreateUser), who
      // receives a temporary password by e-mail.
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      // Officers read exempt information: a second factor is required, by an authenticator
      // app (TOTP) only; SMS costs money per message and is the weaker factor.
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      // Length over composition (NCSC password guidance), with the classes Cognito can check.
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: false,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: FeaturePlan.ESSENTIALS,
      deletionProtection: retain,
      removalPolicy: retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });

    const callbackUrls = [...(props.callbackUrls ?? [])];
    const validity = props.accessTokenValidity ?? Duration.hours(1);
    this.client = this.userPool.addClient('AppClient', {
      // A browser cannot keep a secret: a public client.
      generateSecret: false,
      // SRP never sends the password; refresh tokens are always allowed by Cognito.
      authFlows: { userSrp: true },
      ...(callbackUrls.length > 0
        ? {
            oAuth: {
              // The authorization-code grant; Cognito requires PKCE from a public client's caller.
              flows: { authorizationCodeGrant: true },
              scopes: [OAuthScope.OPENID, OAuthScope.EMAIL],
              callbackUrls,
              logoutUrls: callbackUrls,
            },
          }
        : { disableOAuth: true }),
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      // "Incorrect username or password" for an unknown user too, so addresses cannot be probed.
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: validity,
      idTokenValidity: validity,
      refreshTokenValidity: Duration.hours(12),
    });

    // Precedence: lower wins in Cognito's own choice of a preferred group; the API itself
    // gives the strongest of all of a user's groups (ROLE_GROUPS order).
    this.groups = Object.fromEntries(
      ROLE_GROUPS.map((group, index) => [
        group,
        new UserPoolGroup(this, `${group[0]!.toUpperCase()}${group.slice(1)}Group`, {
          userPool: this.userPool,
          groupName: group,
          description: GROUP_DESCRIPTIONS[group],
          precedence: index + 1,
        }),
      ]),
    ) as GraphUserPool['groups'];
  }
}
