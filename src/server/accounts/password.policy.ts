import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
import { ValidationError } from '../../core/errors.ts';

/**
 * What a staff password must be: at least 12 characters (the schema says so), not one of the
 * commonly used passwords (the 49,000 of @zxcvbn-ts/language-common, also with l33t spellings,
 * repeats, sequences and keyboard walks), and not built from the account's own username or
 * name. zxcvbn estimates how many guesses it takes; fewer than 10¹⁰ (its score below 3) is
 * refused. Only the first characters are weighed, so a check costs milliseconds at most: a
 * password whose first 40 characters are hard to guess is hard to guess.
 */
const WEIGHED = 40;
const MIN_SCORE = 3;

export class PasswordPolicy {
  private readonly zxcvbn = new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });

  /** The reason `password` is refused for this account, or null. */
  problem(password: string, account: { username: string; displayName?: string }): string | null {
    if (password.trim().length < 12) return 'a password has at least 12 characters other than spaces';
    const inputs = [account.username, ...(account.displayName ? [account.displayName] : [])];
    // the username adds no secret: what is left without it must be a good password by itself
    const rest = inputs
      .filter((i) => i.trim().length >= 3)
      .reduce((left, i) => left.replace(new RegExp(escapeRegExp(i.trim()), 'gi'), ''), password);
    if (
      rest !== password &&
      (rest.trim().length < 12 || this.zxcvbn.check(rest.slice(0, WEIGHED)).score < MIN_SCORE)
    )
      return 'a password may not be built from the username or the name';
    const r = this.zxcvbn.check(password.slice(0, WEIGHED), inputs);
    if (r.score >= MIN_SCORE) return null;
    const kinds = new Set(r.sequence.map((m) => ('dictionaryName' in m ? m.dictionaryName : m.pattern)));
    if (kinds.has('userInputs')) return 'a password may not be built from the username or the name';
    if (kinds.has('passwords-common'))
      return 'this password is one of the most commonly used; choose another';
    if (kinds.has('repeat') || kinds.has('sequence') || kinds.has('spatial'))
      return 'this password is a repeat, a sequence or a keyboard pattern; choose another';
    return 'this password is too easy to guess; use more words or characters that do not follow a pattern';
  }

  /** Throws a 400 naming the field when `password` is refused. */
  check(password: string, account: { username: string; displayName?: string }, field = 'password'): void {
    const p = this.problem(password, account);
    if (p) throw new ValidationError(`${field}: ${p}`, [{ path: field, message: p }]);
  }
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** One policy per process is enough: it holds only the dictionary, and never changes. */
export const passwordPolicy = new PasswordPolicy();
