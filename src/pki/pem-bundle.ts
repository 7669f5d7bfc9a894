/**
 * @module pki/pem-bundle
 * Files an admin hands to the hub often hold several PEM blocks (a chain, a CA bundle, a CRL in
 * PEM or DER). These helpers split them without guessing at anything else in the file.
 */
const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;

/** Every PEM block with the given labels, in file order. */
export function pemBlocks(text: string, labels: readonly string[]): string[] {
  return [...text.matchAll(BLOCK)].filter((m) => labels.includes(m[1] as string)).map((m) => `${m[0]}\n`);
}

export function splitCertificates(text: string): string[] {
  return pemBlocks(text, ['CERTIFICATE']);
}

/** A CRL file: PEM (`X509 CRL` or `CRL`) or raw DER. */
export function readCrlFile(bytes: Uint8Array): string | Uint8Array {
  const text = Buffer.from(bytes).toString('latin1');
  const [pem] = pemBlocks(text, ['X509 CRL', 'CRL']);
  return pem ?? bytes;
}
