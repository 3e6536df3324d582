import { useEffect, useState } from 'react';
import type { BoardVisit } from '../../core/api/board.ts';
import { useApi } from '../app/api-context.tsx';

/**
 * When the user last looked at the board, kept by the server per account: what was recorded
 * after it is marked new, also after a reload. Looking now is recorded once per opening.
 * Undefined until the server answers; null on a first look.
 */
export function useBoardVisit(): string | null | undefined {
  const api = useApi();
  const [previous, setPrevious] = useState<string | null | undefined>(undefined);
  useEffect(() => {
    let live = true;
    api
      .send<BoardVisit>('POST', '/api/board/visits')
      .then((v) => {
        if (live) setPrevious(v.previous);
      })
      .catch(() => {
        if (live) setPrevious(null);
      });
    return () => {
      live = false;
    };
  }, [api]);
  return previous;
}
