// Stands in for @aws-sdk/credential-provider-node in the Lambda bundles (see
// infra/constructs/graph-function.ts). Lambda hands every function its role's credentials
// in the environment, so the SDK's default chain (profiles, SSO, processes, token files,
// container and instance metadata) is never walked there; bundling it cost about 100 KB
// and Node built-ins (child_process among them) loaded at every cold start.

interface EnvCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** The SDK calls this to make the client's credential provider: the environment's, as Lambda sets it. */
export function defaultProvider(): () => Promise<EnvCredentials> {
  return async () => {
    const accessKeyId = process.env.AWS_ACCESS_KEY_ID;
    const secretAccessKey = process.env.AWS_SECRET_ACCESS_KEY;
    if (!accessKeyId || !secretAccessKey) {
      throw new Error('No AWS credentials in the environment. On Lambda the role\'s credentials are there (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN); elsewhere set them, or run the code unbundled.');
    }
    const sessionToken = process.env.AWS_SESSION_TOKEN;
    return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
  };
}
