/**
 * The AWS region every client uses: the one asked for, else AWS_REGION, else eu-west-2.
 * An empty value (a blank line in an env file) counts as unset.
 */
export function awsRegion(explicit?: string): string {
  return explicit || process.env.AWS_REGION || 'eu-west-2';
}
