/**
 * Lambda entry: runs writes (and reads of a guest's booking) forwarded by the other region; only
 * that region's roles may invoke it. What it runs never searches and is never forwarded again.
 * A hotelier's write runs only with that hotelier's token, checked here against the issuer's keys.
 */
import { awsHotelierTokens } from './aws-hotelier-tokens';
import { createAwsServices } from './aws-services';
import { createForwardReceiver } from './lambda-entry';

export const handler = createForwardReceiver(() =>
  createAwsServices(process.env, { hotelierTokens: awsHotelierTokens }),
);
