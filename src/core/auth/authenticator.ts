/**
 * @module core/auth/authenticator
 * Turns a bearer credential into a `Principal`, or throws `InvalidTokenError`. Several kinds of
 * credential exist (API tokens now, hub-signed access tokens for systems); each is an Authenticator
 * and `firstMatching` picks by shape, so a token is never tried against the wrong verifier.
 */
import { InvalidTokenError } from '../errors.js';
import type { Principal } from './principal.js';

export interface Authenticator {
  /** Whether this authenticator is responsible for a credential of this shape. */
  accepts(credential: string): boolean;
  authenticate(credential: string): Promise<Principal>;
}

export function firstMatching(authenticators: readonly Authenticator[]): Authenticator {
  return {
    accepts: (credential) => authenticators.some((a) => a.accepts(credential)),
    authenticate(credential) {
      const authenticator = authenticators.find((a) => a.accepts(credential));
      if (!authenticator) return Promise.reject(new InvalidTokenError('the bearer token is not recognised'));
      return authenticator.authenticate(credential);
    },
  };
}
