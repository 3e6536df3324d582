import { z } from 'zod';

/** The roles of staff accounts (issue: accounts and jurisdictions). */
export const ROLES = ['admin', 'commander', 'officer', 'recorder', 'leader', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/**
 * The one list of administrative levels, top to bottom (省 › 市 › 县 › 乡镇 › 村). Accounts'
 * jurisdictions, plans, situation-report addressees and the web's forms all take it from here.
 */
export const TREE_LEVELS = ['province', 'city', 'county', 'town', 'village'] as const;
export type TreeLevel = (typeof TREE_LEVELS)[number];
/** A level of the tree, or a unit (单位: a department, a company, a school) under any node. */
export const JURISDICTION_LEVELS = [...TREE_LEVELS, 'unit'] as const;
export type JurisdictionLevel = (typeof JURISDICTION_LEVELS)[number];

export const JurisdictionInput = z
  .object({
    code: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,39}$/, 'a code is 1–40 letters, digits and -'),
    name: z.string().trim().min(1).max(100),
    level: z.enum(JURISDICTION_LEVELS),
    parent: z.string().optional(),
    /** the plan incidents reported here run under */
    plan: z.string().optional(),
  })
  .strict();

/**
 * A jurisdiction an admin adds: always under one in their scope. The top of a tree is made
 * with `huajie jurisdiction add`.
 */
export const SubJurisdictionInput = JurisdictionInput.extend({
  parent: z.string().min(1, 'parent: the jurisdiction it sits under'),
}).strict();

/** An account's id in the organisation's WeCom or DingTalk: a robot message mentions whoever is on duty by it. */
const ImId = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9._@-]{1,64}$/, '企业微信或钉钉的账号 ID：1–64 位字母、数字或 . _ @ - (an IM user id)');

export const UserInput = z
  .object({
    username: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._-]{2,39}$/, 'a username is 3–40 lower-case letters, digits, . _ -'),
    displayName: z.string().trim().min(1).max(100),
    password: z.string().min(12, 'a password has at least 12 characters').max(200),
    role: z.enum(ROLES),
    jurisdiction: z.string().min(1),
    imId: ImId.optional(),
  })
  .strict();

/** What an admin may change of a jurisdiction (its place in the tree stays). */
export const JurisdictionPatch = z
  .object({
    name: z.string().trim().min(1).max(100).optional(),
    /** the plan new incidents there run under; null: none */
    plan: z.string().min(1).nullable().optional(),
  })
  .strict();

/** What an admin may change of an account. A new password or disabling ends its sessions. */
export const UserPatch = z
  .object({
    displayName: z.string().trim().min(1).max(100).optional(),
    role: z.enum(ROLES).optional(),
    jurisdiction: z.string().min(1).optional(),
    disabled: z.boolean().optional(),
    password: z.string().min(12, 'a password has at least 12 characters').max(200).optional(),
    imId: ImId.nullable().optional(),
  })
  .strict();

/** May a node of `child` level sit directly under a node of `parent` level? */
export function canNest(parent: JurisdictionLevel, child: JurisdictionLevel): boolean {
  if (child === 'unit') return true;
  if (parent === 'unit') return false;
  return TREE_LEVELS.indexOf(child) === TREE_LEVELS.indexOf(parent) + 1;
}
