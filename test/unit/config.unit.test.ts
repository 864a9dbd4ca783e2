import { describe, expect, it } from 'vitest';
import { readConfig } from '../../functions/config.js';

describe('readConfig: sign-in settings', () => {
  it('accepts no tokens when no user pool is set', () => {
    expect(readConfig({}).cognito).toBeUndefined();
  });

  it('reads the user pool and app client the stack sets together', () => {
    expect(readConfig({ COGNITO_USER_POOL_ID: 'eu-west-2_Fict10nal', COGNITO_CLIENT_ID: 'client' }).cognito).toEqual({ userPoolId: 'eu-west-2_Fict10nal', clientId: 'client' });
  });

  it('refuses half a configuration, which would check no client or no pool', () => {
    expect(() => readConfig({ COGNITO_USER_POOL_ID: 'eu-west-2_Fict10nal' })).toThrow(/both COGNITO_USER_POOL_ID and COGNITO_CLIENT_ID/);
    expect(() => readConfig({ COGNITO_CLIENT_ID: 'client' })).toThrow(/both COGNITO_USER_POOL_ID and COGNITO_CLIENT_ID/);
  });
});
