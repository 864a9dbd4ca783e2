// node:fs/promises for the Lambda bundles, taken through require (see BUILTINS_BY_REQUIRE in
// infra/constructs/graph-function.ts).
module.exports = process.getBuiltinModule('node:fs/promises');
