/**
 * Lambda entry: the operators' handover routes, behind the JWT authorizer and the admins group.
 * They reach every region's table themselves: no search, never forwarded.
 */
import { createAwsServices } from './aws-services';
import { createApiHandler } from './lambda-entry';

export const handler = createApiHandler('admin', () => createAwsServices(process.env, { handover: true }));
