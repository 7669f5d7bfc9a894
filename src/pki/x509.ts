/**
 * @module pki/x509
 * The one door to @peculiar/x509: it needs the Reflect metadata polyfill evaluated first, and ESM
 * evaluates imports in source order, so importing through here makes every pki module (and the CLI)
 * safe without relying on the entry point's import order.
 */
import 'reflect-metadata';

export * from '@peculiar/x509';
