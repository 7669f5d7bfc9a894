/**
 * @module core/ports/seal-verifier
 * Verification of sealed objects (licences, status changes, documents) as the use cases see it:
 * a compact JWS in, its payload and the sealing department out, or a coded error. `pki/sealed-jws.ts`
 * implements it (pinned algorithms, x5c seal chain validated by the hub's path validator).
 */

export interface SealInfo {
  /** 统一社会信用代码 of the sealing department (from the seal certificate subject). */
  uscc: string;
  departmentName: string;
  sealName: string;
  /** Lower-case hex serial of the seal certificate. */
  serial: string;
  /** SHA-256 of the seal certificate DER, hex. */
  thumbprint: string;
  notBefore: Date;
  notAfter: Date;
}

export interface VerifiedSeal {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  /** The payload's JSON text exactly as sealed: stored as it is, never serialised again from `payload`. */
  payloadJson: string;
  seal: SealInfo;
  /** SHA-256 of the compact JWS, hex. */
  digest: string;
}

export interface SealVerifier {
  /** `checkPath: false` checks integrity only (the issuer check is then reported separately). */
  verify(compact: string, options: { typ: string; at: Date; checkPath?: boolean }): Promise<VerifiedSeal>;
}
