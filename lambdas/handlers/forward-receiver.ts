/** Lambda entry: runs writes forwarded by the other region; only that region's roles may invoke it. */
import { createAwsApp } from './aws-app';
import { createForwardReceiver } from './lambda-entry';

export const handler = createForwardReceiver(() => createAwsApp());
