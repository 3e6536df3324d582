import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.ts';

/** The events that write the board's columns of an incident's row. */
export const BOARD_EVENT_TYPES = ['incident.reported', 'incident.facts.updated', 'sitrep.submitted'] as const;

interface BoardData {
  location?: { text?: string };
  facts?: { participants?: number };
  kind?: string;
}

/**
 * What a duty board shows of an incident without opening it, from one event of its log: where
 * (the report's place), how many people (the latest known, by when it was known — a late entry
 * does not overwrite a newer count), and when the first report (首报, an initial situation
 * report) went out. The projection and the migration that added the columns both write them
 * here, so a rebuilt database and an upgraded one agree.
 */
export async function writeBoardColumns(
  db: Kysely<DB>,
  caseId: string,
  type: string,
  data: BoardData,
  occurredAt: string,
): Promise<void> {
  const at = new Date(occurredAt).toISOString();
  if (type === 'incident.reported' && data.location?.text !== undefined)
    await db
      .updateTable('incidents')
      .set({ place: data.location.text })
      .where('case_id', '=', caseId)
      .execute();
  const participants = data.facts?.participants;
  if ((type === 'incident.reported' || type === 'incident.facts.updated') && participants !== undefined)
    await db
      .updateTable('incidents')
      .set({ participants, participants_at: at })
      .where('case_id', '=', caseId)
      .where((eb) => eb.or([eb('participants_at', 'is', null), eb('participants_at', '<=', at)]))
      .execute();
  if (type === 'sitrep.submitted' && data.kind === 'initial')
    await db
      .updateTable('incidents')
      .set({ first_report_at: at })
      .where('case_id', '=', caseId)
      .where((eb) => eb.or([eb('first_report_at', 'is', null), eb('first_report_at', '>', at)]))
      .execute();
}
