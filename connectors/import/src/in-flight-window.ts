/**
 * @module in-flight-window
 * The rows an import keeps between sealing and the hub's answer, bounded by count and by bytes of
 * sealed JWS. The read loop waits for room, so a hub slower than the importer holds the importer
 * back — its answers make the room — instead of rows piling up in memory; a byte bound keeps
 * memory flat when licences are large. There is one waiter (the read loop), woken by the answer
 * that makes room: waiting costs nothing per row in flight (a race over every pending row would
 * cost as much as the window is wide, for every row).
 */
export interface WindowLimits {
  rows: number;
  bytes: number;
}

export interface InFlightWindow {
  /** Rows in flight now. */
  readonly rows: number;
  /** Takes room for a row of `bytes`: undefined when it fits now, else a promise settled once it does. */
  enter(bytes: number): Promise<void> | undefined;
  /** Gives back a row's room (its answer came, or it failed). */
  leave(bytes: number): void;
  /** Resolves once nothing is in flight. */
  drained(): Promise<void>;
}

export function createInFlightWindow(limits: WindowLimits): InFlightWindow {
  let rows = 0;
  let bytes = 0;
  let waiter: { bytes: number; resolve(): void } | undefined;
  let idle: (() => void)[] = [];
  // A single row larger than the byte bound still goes, alone: it would otherwise never fit.
  const fits = (size: number) => rows === 0 || (rows < limits.rows && bytes + size <= limits.bytes);
  const take = (size: number) => {
    rows++;
    bytes += size;
  };
  return {
    get rows() {
      return rows;
    },
    enter(size) {
      if (waiter) throw new TypeError('the in-flight window has one waiter at a time');
      if (fits(size)) return void take(size);
      return new Promise<void>((resolve) => (waiter = { bytes: size, resolve }));
    },
    leave(size) {
      rows--;
      bytes -= size;
      if (waiter && fits(waiter.bytes)) {
        const { bytes: size, resolve } = waiter;
        waiter = undefined;
        take(size);
        resolve();
      }
      if (rows === 0 && idle.length > 0) {
        const resolved = idle;
        idle = [];
        for (const resolve of resolved) resolve();
      }
    },
    drained() {
      return rows === 0 ? Promise.resolve() : new Promise<void>((resolve) => idle.push(resolve));
    },
  };
}
