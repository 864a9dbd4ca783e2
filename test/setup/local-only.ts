/**
 * Guard: tests talk only to engines on this machine. A DYNAMODB_ENDPOINT that is not
 * loopback (or AWS credentials without one) would point them at a real table.
 */
const endpoint = process.env.DYNAMODB_ENDPOINT;
if (endpoint && !/^https?:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?\/?$/.test(endpoint)) {
  throw new Error(`Refusing to run tests against ${endpoint}: tests use only a local DynamoDB-compatible engine.`);
}
