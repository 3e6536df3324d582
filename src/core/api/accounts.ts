import { z } from 'zod';
import { JURISDICTION_LEVELS, ROLES } from '../accounts/accounts.ts';

const Level = z.string().describe(`one of ${JURISDICTION_LEVELS.join(', ')}`);
const Role = z.string().describe(`one of ${ROLES.join(', ')}`);

/** What the API answers about the jurisdiction tree, accounts, sessions and login locks. */

export const Jurisdiction = z
  .object({
    code: z.string(),
    name: z.string(),
    level: Level,
    /** null: the top of the tree */
    parent: z.string().nullable(),
    /** the plan new incidents reported here run under (null: none; reports are refused) */
    plan: z.string().nullable(),
  })
  .meta({ id: 'Jurisdiction', description: 'A node of the jurisdiction tree (辖区).' });
export type Jurisdiction = z.infer<typeof Jurisdiction>;

export const JurisdictionList = z.object({ jurisdictions: z.array(Jurisdiction) });
export type JurisdictionList = z.infer<typeof JurisdictionList>;
export const JurisdictionAnswer = z.object({ jurisdiction: Jurisdiction });
export type JurisdictionAnswer = z.infer<typeof JurisdictionAnswer>;

/** A staff account as admins see it; never its password or hash. */
export const Account = z
  .object({
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
    role: Role,
    jurisdiction: z.string(),
    disabled: z.boolean(),
    createdAt: z.string(),
    imId: z
      .string()
      .nullable()
      .describe("the account's WeCom or DingTalk id, for robot mentions when on duty"),
  })
  .meta({ id: 'Account', description: 'A staff account, as its admins see it.' });
export type Account = z.infer<typeof Account>;

export const AccountList = z.object({ users: z.array(Account) });
export type AccountList = z.infer<typeof AccountList>;
export const AccountAnswer = z.object({ user: Account });
export type AccountAnswer = z.infer<typeof AccountAnswer>;

/** Who is logged in, and the token every write of the session carries in x-csrf-token. */
export const Me = z
  .object({
    user: z.object({
      id: z.string(),
      username: z.string(),
      displayName: z.string(),
      role: Role,
      jurisdiction: z.string(),
    }),
    csrfToken: z.string(),
  })
  .meta({ id: 'Session', description: 'The account logged in, and the CSRF token of its session.' });
export type Me = z.infer<typeof Me>;

export const LOCK_KINDS = ['username', 'address'] as const;

export const LoginLock = z
  .object({
    kind: z.enum(LOCK_KINDS),
    subject: z.string(),
    failures: z.number().int(),
    locked: z.boolean(),
    lockedUntil: z.string().nullable(),
    lastFailureAt: z.string(),
  })
  .meta({
    id: 'LoginLock',
    description: 'Failed logins of a username or from an address, and the lock they caused.',
  });
export type LoginLock = z.infer<typeof LoginLock>;

export const LoginLockList = z.object({ locks: z.array(LoginLock) });
export type LoginLockList = z.infer<typeof LoginLockList>;
