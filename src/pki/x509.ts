/**
 * @module pki/x509
 * The one door to @peculiar/x509: it needs the Reflect metadata polyfill evaluated first, and ESM
 * evaluates imports in source order, so importing through here makes every pki module (and the CLI)
 * safe without relying on the entry point's import order. asn1js (the BER parser under
 * @peculiar/x509) is passed through for the extensions @peculiar/x509 only exposes lossily: name
 * constraints and alternative names, whose IP addresses and masks it turns into text.
 */
import 'reflect-metadata';

export * from '@peculiar/x509';
export * as asn1js from 'asn1js';
