import { z } from 'zod';
import { Said } from './findings.ts';

/** 值班提醒: a warning or an escalation for the person on duty for it, as they read it in the app. */
export const Notice = z
  .object({
    id: z.string(),
    kind: z.enum(['warning', 'escalation']),
    caseId: z.string(),
    jurisdiction: z
      .string()
      .describe('whose duty it is: the case’s for a warning, the one reached for an escalation'),
    exercise: z.boolean(),
    link: z.string().describe('the case’s page'),
    at: z.string().describe('the due time warned of, or when it was escalated'),
    title: z.string().describe('in Chinese'),
    text: z.string().describe('in Chinese'),
    said: z
      .object({ title: Said, lines: z.array(z.unknown()) })
      .describe(
        'the same before it is put into a language (keys of the shared dictionaries): each line a string or said',
      ),
    createdAt: z.string(),
    readAt: z.string().nullable(),
  })
  .meta({ id: 'Notice' });
export type Notice = z.infer<typeof Notice>;

export const NoticeList = z
  .object({
    unread: z.number().int().describe('how many of the caller’s notices are unread'),
    notices: z.array(Notice).describe('the newest 50, unread or not'),
  })
  .meta({ id: 'NoticeList', description: 'The caller’s own notices (值班提醒), newest first.' });
export type NoticeList = z.infer<typeof NoticeList>;

export const NoticesRead = z
  .object({
    ids: z
      .array(z.string().min(1).max(100))
      .min(1)
      .max(200)
      .optional()
      .describe('the notices read; without it, all of the caller’s'),
  })
  .meta({ id: 'NoticesRead' });

export const NoticesReadOut = z
  .object({ read: z.number().int().describe('how many were unread') })
  .meta({ id: 'NoticesReadOut' });
