/**
 * WhatsApp Business Cloud API: sending, media, and webhook signature verification and parsing.
 *
 * @packageDocumentation
 */

/** The package's version, as published. */
export const version = '0.0.0';
