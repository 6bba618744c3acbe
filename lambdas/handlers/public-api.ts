/** Lambda entry: the travellers' API (search, hotel pages, availability, bookings). */
import { createAwsServices } from './aws-services';
import { createApiHandler } from './lambda-entry';

export const handler = createApiHandler('public', () => createAwsServices());
