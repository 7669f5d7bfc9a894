/**
 * @module core/ports/data-contracts
 * The request and response contracts of data services (schemas/data-services/), as the exchange
 * needs them: whether one exists, its top-level fields (the unit of a grant), validation, and
 * whether replacing one contract by another breaks the systems already using the service.
 */
import type { FieldError } from '../errors.js';

export interface DataContracts {
  has(id: string): boolean;
  /** The top-level members an object contract declares. */
  fields(id: string): readonly string[];
  validate(id: string, value: unknown): FieldError[];
  /** Problems, as text, if data valid under `readerOf` is not all valid under `reader` (BACKWARD rules). */
  unreadable(readerOf: string, reader: string): string[];
}
