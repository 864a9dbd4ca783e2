// Stands in for @apollo/usage-reporting-protobuf and @apollo/utils.usagereporting in the
// Lambda bundles (see infra/constructs/graph-function.ts). Only Apollo's usage-reporting and
// inline-trace plugins use them; the server turns both off, so nothing here is ever read. If
// one were turned on, the first use fails loudly instead of sending reports that cannot be
// encoded.
const MESSAGE = 'Apollo usage reporting is not bundled';
const KEEP = 'keep ApolloServerPluginUsageReportingDisabled and ApolloServerPluginInlineTraceDisabled in createGraphServer.';
const notBundled: Record<string, never> = new Proxy(
  {},
  {
    get(_target, property): never {
      throw new Error(`${MESSAGE} (read ${String(property)}): ${KEEP}`);
    },
  },
);
export const Trace = notBundled;
export const Report = notBundled;
export const ReportHeader = notBundled;
export const google = notBundled;

// @apollo/utils.usagereporting (operation signatures, referenced fields).
export function usageReportingSignature(): never {
  throw new Error(`${MESSAGE} (usageReportingSignature): ${KEEP}`);
}
export function calculateReferencedFieldsByType(): never {
  throw new Error(`${MESSAGE} (calculateReferencedFieldsByType): ${KEEP}`);
}
