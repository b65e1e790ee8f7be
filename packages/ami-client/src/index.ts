/**
 * Asterisk/FreePBX Manager Interface: a lossless streaming parser, a reconnecting client with typed actions and events, and a call tracker that turns AMI events into call records.
 *
 * @packageDocumentation
 */

/** The package's version, as published. */
export const version = '0.0.0';
