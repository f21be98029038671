import { App } from 'aws-cdk-lib';
import { buildApp } from './main.js';

// The CDK app: `npx cdk synth` (cdk.json runs this file with tsx).
const app = new App();
buildApp(app);
app.synth();
