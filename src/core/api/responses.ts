import { z } from 'zod';

/** Answers that are not JSON: none at all, a live stream, a page of the web application. */

/** 204: done, nothing to say. */
export const NoContent = z.undefined().describe('Done; no content.');

/** Server-Sent Events: `id: <position>`, `event: <type>`, `data: <the event>` (README, "Live streams"). */
export const EventStream = {
  description:
    'Server-Sent Events: each event of the log as `id: <position>`, `event: <type>`, `data: <the event as JSON>`; `superseded`, `reload` and `session-ended` when the server closes the stream.',
  content: { 'text/event-stream': { schema: z.string() } },
};

/** A page of the web application. */
export const HtmlPage = {
  description: 'A page of the web application.',
  content: { 'text/html': { schema: z.string() } },
};

/** A script of the web application. */
export const Script = {
  description: 'A script of the web application.',
  content: { 'text/javascript': { schema: z.string() } },
};
