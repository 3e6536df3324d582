import { type RefObject, useLayoutEffect, useState } from 'react';

/** CSS millimetres in CSS pixels: the same on the screen and on paper (96 px to the inch). */
const mm = (v: number) => (v * 96) / 25.4;
/** The type area's height on A4 with the margins of GB/T 9704-2012: 297 − 37 − 35 mm. */
const PAGE = mm(225);
/** A line of the body: 28.95 pt. */
const LINE = (28.95 * 96) / 72;
/** The least space above the 版记: one line of the body. */
export const RECORD_SPACE = LINE;
/**
 * Left below the 版记, so that it never goes onto a page of its own: a little on a one-page
 * document, and two lines for each page break before the last page (a break wastes what does
 * not split: the signature, a table's row, the end of a paragraph).
 */
const slack = (pages: number) => mm(4) + (pages - 1) * 2 * LINE;

/**
 * The space to leave before the 版记 so that it ends at the foot of the last page, where
 * GB/T 9704-2012 puts it: what the body and the 版记 take, made up to whole pages of the type
 * area. Measured on the screen, where the page has the printed width; a one-page document gets
 * it to within a few millimetres, a longer one leaves room for what its page breaks waste.
 * Measured again when the faces have loaded and before printing.
 */
export function useFootGap(
  body: RefObject<HTMLElement | null>,
  record: RefObject<HTMLElement | null>,
  key: unknown,
) {
  const [gap, setGap] = useState(0);
  useLayoutEffect(() => {
    const measure = () => {
      // nothing to measure before the document has come
      if (key === undefined || !body.current || !record.current) return;
      const used = body.current.getBoundingClientRect().height;
      const foot = record.current.getBoundingClientRect().height;
      const content = used + RECORD_SPACE + foot;
      const first = Math.max(1, Math.ceil((content + slack(1)) / PAGE));
      const pages = Math.max(first, Math.ceil((content + slack(first)) / PAGE));
      setGap(Math.max(0, pages * PAGE - content - slack(pages)));
    };
    measure();
    void document.fonts?.ready.then(measure);
    window.addEventListener('beforeprint', measure);
    return () => window.removeEventListener('beforeprint', measure);
  }, [body, record, key]);
  return gap;
}
