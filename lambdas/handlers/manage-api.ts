/** Lambda entry: the hoteliers' API, behind API Gateway's JWT authorizer. */
import { createAwsApp } from './aws-app';
import { createApiHandler } from './lambda-entry';

export const handler = createApiHandler('manage', () => createAwsApp());
