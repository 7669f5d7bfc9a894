/**
 * @module license-identifier
 * The GB/T 36904 identifier the hub derives for a licence, computed the same way on the sending
 * side: `1.2.156.3005.2.<type>.<issuer>.<serial>.<version>.<check>`, serial = the number upper-cased
 * with everything outside [0-9A-Z] removed, check = ISO 7064 MOD 37,36. The SDK needs it to tell
 * "already published" from a real conflict after a re-seal, and to address status changes by
 * number without a lookup.
 */
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

export function licenseSerial(number: string): string {
  return number.toUpperCase().replace(/[^0-9A-Z]/g, '');
}

export function licenseIdentifier(typeCode: string, issuer: string, number: string, version = 1): string {
  const body = [typeCode, issuer, licenseSerial(number), String(version).padStart(3, '0')];
  return `1.2.156.3005.2.${body.join('.')}.${checkCharacter(body.join(''))}`;
}

/** The identifier the hub gives a sealed licence: version 001, or for a replacement the version after the one it replaces. */
export function sealedLicenseIdentifier(payload: {
  typeCode: string;
  issuer: { uscc: string };
  number: string;
  replaces?: string;
}): string {
  const replaced = payload.replaces === undefined ? 0 : Number(payload.replaces.split('.').at(-2));
  return licenseIdentifier(payload.typeCode, payload.issuer.uscc, payload.number, Number.isInteger(replaced) ? replaced + 1 : 1);
}

/** ISO 7064 MOD 37,36 hybrid system over [0-9A-Z]. */
export function checkCharacter(text: string): string {
  let p = 36;
  for (const char of text) {
    const value = ALPHABET.indexOf(char);
    if (value < 0) throw new TypeError(`identifier characters are [0-9A-Z], got ${JSON.stringify(char)}`);
    let t = (p + value) % 36;
    if (t === 0) t = 36;
    p = (2 * t) % 37;
  }
  return ALPHABET[(37 - p) % 36] as string;
}
