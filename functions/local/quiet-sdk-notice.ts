/**
 * Local commands run on Node 20 by design (Lambda runs 22). The AWS SDK prints a notice
 * that its 2027 releases will need Node 22 on every run; this silences it for local
 * commands only. Import it first.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
