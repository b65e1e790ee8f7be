/**
 * Storage-agnostic communications log (calls, WhatsApp, notes): idempotent writes, customer matching and re-linking, inbox queries and call statistics; memory and PostgreSQL stores.
 *
 * @packageDocumentation
 */

/** The package's version, as published. */
export const version = '0.0.0';
