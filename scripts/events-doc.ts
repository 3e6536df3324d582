// Writes docs/events.md from the zod event catalogues. src/server/docs/events-doc.test.ts fails when it is stale.
import { writeFileSync } from 'node:fs';
import { eventsDoc } from '../src/server/docs/events-doc.ts';

writeFileSync('docs/events.md', eventsDoc());
console.log('wrote docs/events.md');
