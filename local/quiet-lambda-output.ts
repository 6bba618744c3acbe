/**
 * For processes that run the handlers outside Lambda (npm start, benchmarks):
 * each request is one compact line there, so Lambda's JSON logs and EMF
 * metrics would only repeat it; and Node 20 is supported here, so the SDK's
 * notice about its 2027 releases belongs in the README, not on every start.
 */
export function quietLambdaOutput(): void {
  process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
}
