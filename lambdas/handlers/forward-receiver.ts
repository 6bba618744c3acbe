/** Lambda entry: runs writes forwarded by the other region; only that region's roles may invoke it. */
import { createAwsServices } from './aws-services';
import { createForwardReceiver } from './lambda-entry';

export const handler = createForwardReceiver(() => createAwsServices());
