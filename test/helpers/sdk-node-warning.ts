// The Lambdas run on Node.js 24 (app-function.ts); a machine running the tests may have Node.js
// 20, for which the AWS SDK prints a multi-line "NodeVersionSupportWarning" in every test file.
// The SDK skips it when this variable is "true" (@aws-sdk/core, emitWarningIfUnsupportedVersion).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
