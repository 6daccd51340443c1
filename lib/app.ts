import { App } from 'aws-cdk-lib';
import { publicBaseUrlFromContext, sandboxFromContext } from './app-context.ts';
import { addNagChecks } from './nag.ts';
import { OpenBankingStack } from './open-banking-stack.ts';

// `npx cdk deploy` deploys the live platform; `-c sandbox=true` a separate sandbox stack beside it;
// `-c publicBaseUrl=https://api.example.vn` names the URL clients use when it is a custom domain.
const app = new App();
const sandbox = sandboxFromContext(app);
const publicBaseUrl = publicBaseUrlFromContext(app);
new OpenBankingStack(app, sandbox ? 'OpenBankingSandbox' : 'OpenBanking', {
  sandbox,
  ...(publicBaseUrl && { publicBaseUrl }),
  description: sandbox ? 'Open banking platform (sandbox mode)' : 'Open banking platform',
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
addNagChecks(app);
