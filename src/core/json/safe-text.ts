/**
 * @module core/json/safe-text
 * Text the hub refuses at its edges: NUL (PostgreSQL `text` cannot hold it, and C-based systems
 * downstream cut strings there) and lone UTF-16 surrogates (not Unicode text at all: they cannot be
 * encoded as UTF-8, so they would be stored altered or not at all).
 */

const NUL = /\u0000/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What is wrong with `text`, in words for a problem detail; undefined when it is safe. */
export function describeUnsafeText(text: string): string | undefined {
  if (NUL.test(text)) return 'a NUL character';
  if (LONE_SURROGATE.test(text)) return 'a lone UTF-16 surrogate';
  return undefined;
}
