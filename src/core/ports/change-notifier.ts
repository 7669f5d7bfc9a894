/**
 * @module core/ports/change-notifier
 * Several hub instances share one database but each keeps caches (seal statuses and the CRL,
 * rights, department states, receipt, row-MAC and body keys, data grants). What one instance
 * changes it announces here, and every instance — itself included — drops the matching cache at
 * once; the periodic reloads stay as the fallback when a notice is lost. A notice carries no data
 * beyond what changed: receivers re-read the database, so a forged or replayed notice can only
 * cause a reload.
 */
export type ChangeTopic = 'certificates' | 'rights' | 'departments' | 'receipt-keys' | 'row-mac-keys' | 'data-grants' | 'body-keys';

export interface ChangeNotifier {
  /** Tells every instance that `topic` changed (after the change is committed). */
  notify(topic: ChangeTopic): Promise<void>;
  /** Calls `handler` whenever any instance announces `topic`. */
  subscribe(topic: ChangeTopic, handler: () => void): void;
  close(): Promise<void>;
}
