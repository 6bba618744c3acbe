/** Lambda entry: the travellers' API (search, hotel pages, availability, bookings). */
import { createAwsApp } from './aws-app';
import { createApiHandler } from './lambda-entry';

export const handler = createApiHandler('public', () => createAwsApp());
