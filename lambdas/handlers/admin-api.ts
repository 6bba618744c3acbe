/** Lambda entry: the operators' handover routes, behind the JWT authorizer and the admins group. */
import { createAwsServices } from './aws-services';
import { createApiHandler } from './lambda-entry';

export const handler = createApiHandler('admin', () => createAwsServices(process.env, { handover: true }));
