/** Lambda entry: the operators' handover routes, behind the JWT authorizer and the admins group. */
import { createAwsApp } from './aws-app';
import { createApiHandler } from './lambda-entry';

export const handler = createApiHandler('admin', () => createAwsApp(process.env, { handover: true }));
