/** Lambda entry: the travellers' API (search, hotel pages, availability, bookings). */
import { awsForwarder } from './aws-forwarding';
import { awsSearch } from './aws-search';
import { createAwsServices } from './aws-services';
import { createApiHandler } from './lambda-entry';

export const handler = createApiHandler('public', () =>
  createAwsServices(process.env, { search: awsSearch, forwarder: awsForwarder }),
);
