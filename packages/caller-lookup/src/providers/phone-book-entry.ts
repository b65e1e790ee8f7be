import type { CallerMatch } from '../types.js';

/** One contact in a {@link PhoneBook}: an id, its phone numbers in any format, and what to show. */
export interface PhoneBookEntry extends Omit<CallerMatch, 'contactId' | 'matchedKey'> {
  /** Stable id (your customer id); upserting the same id replaces the entry. */
  id: string;
  /** Phone numbers in any format the phone book's `normalize` options understand. */
  phones: readonly string[];
}
