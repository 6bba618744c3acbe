/** `npm run event-schema`: writes docs/booking-event.schema.json from the event module (a test fails when it is stale). */
import { writeFileSync } from 'node:fs';
import { bookingEventJsonSchema } from '../lambdas/events/booking-event';

const SCHEMA_FILE = new URL('../docs/booking-event.schema.json', import.meta.url);
writeFileSync(SCHEMA_FILE, `${JSON.stringify(bookingEventJsonSchema(), null, 2)}\n`);
console.log(`wrote ${SCHEMA_FILE.pathname}`);
