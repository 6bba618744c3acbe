/**
 * Lambda entry: runs writes (and reads of a guest's booking) forwarded by the other region; only
 * that region's roles may invoke it. What it runs never searches and is never forwarded again.
 */
import { createAwsServices } from './aws-services';
import { createForwardReceiver } from './lambda-entry';

export const handler = createForwardReceiver(() => createAwsServices());
