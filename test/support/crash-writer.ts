// A process that appends under load and prints `ack <event id>` for each event acknowledged
// to it, until it is killed. Used by the crash test. Args: DB_URL KEY_HEX WRITERS
import { systemClock } from '../../src/core/clock.ts';
import { ConcurrencyError } from '../../src/core/errors.ts';
import { HeadKey } from '../../src/server/store/head-key.ts';
import { openStoreWithKey } from '../../src/server/store/open.ts';
import { ev } from './events.ts';

const [url, keyHex, writersArg] = process.argv.slice(2);
if (!url || !keyHex) throw new Error('usage: crash-writer DB_URL KEY_HEX [WRITERS]');
const store = await openStoreWithKey(url, new HeadKey(Buffer.from(keyHex, 'hex'), 'crash-test'), systemClock);
const writers = Number(writersArg ?? 16);
process.stdout.write('ready\n');

await Promise.all(
  Array.from({ length: writers }, async (_, w) => {
    const caseId = `crash-${w % 6}`; // several writers share each case, so conflicts happen too
    let expected = (await store.head(caseId))?.seq ?? 0;
    for (let i = 0; ; i++) {
      const events = Array.from({ length: 1 + (i % 3) }, () => ev('log.entry', { text: `写入 ${w}/${i}` }));
      try {
        const r = await store.append(caseId, expected, events);
        expected = r.events[r.events.length - 1]?.seq ?? expected;
        process.stdout.write(events.map((e) => `ack ${e.id}\n`).join(''));
      } catch (e) {
        if (!(e instanceof ConcurrencyError)) throw e;
        expected = e.actualSeq;
      }
    }
  }),
);
