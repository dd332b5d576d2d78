import { Stack } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import { nagApp, nagErrors, synthFindings } from './nag';

test('the nag helper reports an error finding of a non-compliant stack', () => {
  // GIVEN a topic without encryption or SSL enforcement
  const app = nagApp();
  new sns.Topic(new Stack(app, 'Bad'), 'Topic');
  // WHEN / THEN
  expect(nagErrors(synthFindings(app))).toEqual(expect.arrayContaining([expect.stringMatching(/^AwsSolutions-SNS3 at Bad\/Topic/)]));
});
