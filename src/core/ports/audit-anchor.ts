/**
 * @module core/ports/audit-anchor
 * Where the hub publishes its signed audit statements (checkpoints and the register of chains)
 * outside the database, so that someone who owns the database can delete or rewrite rows but not
 * what was already published. `audit/file-audit-anchor.ts` appends to a file the operator places out
 * of the database owner's reach; a witness service or a retained topic can implement the same port.
 */
export interface AuditAnchor {
  /** Says where the statements go, for logs and reports (e.g. the file path). */
  readonly description: string;
  /** Durably appends compact JWS statements, in order. */
  append(statements: readonly string[]): Promise<void>;
  /** Every statement appended so far, oldest first. */
  readAll(): Promise<string[]>;
}
