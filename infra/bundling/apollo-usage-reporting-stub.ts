// Stands in for @apollo/usage-reporting-protobuf in the Lambda bundles (see
// infra/constructs/graph-function.ts). Only Apollo's usage-reporting and inline-trace
// plugins use it; the server turns both off, so nothing here is ever read. If one were
// turned on, the first use fails loudly instead of sending reports that cannot be encoded.
const notBundled: Record<string, never> = new Proxy(
  {},
  {
    get(_target, property): never {
      throw new Error(`Apollo usage reporting is not bundled (read ${String(property)}): keep ApolloServerPluginUsageReportingDisabled and ApolloServerPluginInlineTraceDisabled in createGraphServer.`);
    },
  },
);
export const Trace = notBundled;
export const Report = notBundled;
export const ReportHeader = notBundled;
export const google = notBundled;
