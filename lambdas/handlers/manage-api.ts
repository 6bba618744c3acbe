/** Lambda entry: the hoteliers' API, behind API Gateway's JWT authorizer. */
import { createAwsServices } from './aws-services';
import { createApiHandler } from './lambda-entry';

export const handler = createApiHandler('manage', () => createAwsServices());
