/**
 * @module line-guard
 * Keeps one oversized physical line (a 50 MB line in a department export) from being buffered
 * whole by the parser: bytes are counted per line and, past the limit, dropped until the next
 * newline; the line is replaced by a marker the reader recognises and reports as too long. Works
 * on raw bytes before decoding, which is safe for UTF-8 and GBK alike (0x0A never occurs inside a
 * multi-byte character of either).
 */
import { Transform, type TransformCallback } from 'node:stream';

/** Stands in for a dropped line: one field, so CSV parsers see a short row, JSON Lines no JSON. */
export const OVERSIZED_LINE_MARKER = '\u0000zz-oversized-line\u0000';
const NEWLINE = 0x0a;
const MARKER = Buffer.from(OVERSIZED_LINE_MARKER, 'utf8');

export class LineGuard extends Transform {
  /** 1-based numbers of the lines replaced by the marker. */
  readonly oversized = new Set<number>();
  /** Bytes read so far (for progress). */
  bytes = 0;
  private line = 1;
  private lineBytes = 0;
  private dropping = false;

  constructor(private readonly maxLineBytes: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    const out: Buffer[] = [];
    let start = 0;
    while (start < chunk.length) {
      const newline = chunk.indexOf(NEWLINE, start);
      const end = newline === -1 ? chunk.length : newline;
      const piece = chunk.subarray(start, end);
      if (!this.dropping) {
        if (this.lineBytes + piece.length > this.maxLineBytes) {
          this.dropping = true;
          this.oversized.add(this.line);
          out.push(MARKER);
        } else {
          out.push(piece);
          this.lineBytes += piece.length;
        }
      }
      if (newline === -1) break;
      out.push(chunk.subarray(newline, newline + 1));
      this.line++;
      this.lineBytes = 0;
      this.dropping = false;
      start = newline + 1;
    }
    done(null, Buffer.concat(out));
  }
}
