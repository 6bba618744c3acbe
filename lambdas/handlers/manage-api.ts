/** Lambda entry: the hoteliers' API, behind API Gateway's JWT authorizer (its list narrows by search). */
import { awsForwarder } from './aws-forwarding';
import { awsSearch } from './aws-search';
import { createAwsServices } from './aws-services';
import { createApiHandler } from './lambda-entry';

export const handler = createApiHandler('manage', () =>
  createAwsServices(process.env, { search: awsSearch, forwarder: awsForwarder }),
);
