import { open } from 'node:fs/promises';

const QUOTE = 34;
const LF = 10;
const CHUNK = 1 << 20;

export interface SplitPoint {
  /** Byte offset where a record starts: the split is between two records. */
  offset: number;
  /** Physical line on which that record starts (1-based, as the scanner counts). */
  line: number;
}

/**
 * Finds where a CSV file can be cut so that a second reader can start at a record
 * boundary: the first line end at or after `target` that lies outside quotes.
 *
 * Whether a byte is inside quotes depends only on how many quote characters come before
 * it (RFC 4180: an escaped quote is two quotes, so parity is preserved), so one pass of
 * counting quotes and line feeds up to the target decides it exactly — a memchr-speed scan,
 * much cheaper than parsing. Returns null when no boundary exists after the target.
 */
export async function findSplitPoint(path: string, target: number): Promise<SplitPoint | null> {
  const file = await open(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(CHUNK);
    let position = 0;
    let inQuotes = false;
    let lines = 1;
    for (;;) {
      const { bytesRead } = await file.read(buf, 0, CHUNK, position);
      if (bytesRead === 0) return null;
      const view = buf.subarray(0, bytesRead);
      // Below the target only parity and line count matter: jump between quotes and line feeds.
      const stop = Math.max(0, Math.min(bytesRead, target - position));
      let i = 0;
      while (i < stop) {
        const q = view.indexOf(QUOTE, i);
        const end = q === -1 || q >= stop ? stop : q;
        // Line feeds inside quotes are physical lines too: the scanner counts them all.
        lines += countByte(view, LF, i, end);
        if (end === stop) {
          i = stop;
          break;
        }
        inQuotes = !inQuotes;
        i = q + 1;
      }
      // At or past the target: the first LF outside quotes ends the record before the split.
      for (; i < bytesRead; i++) {
        const b = view[i];
        if (b === QUOTE) inQuotes = !inQuotes;
        else if (b === LF) {
          lines++;
          if (!inQuotes) return { offset: position + i + 1, line: lines };
        }
      }
      position += bytesRead;
    }
  } finally {
    await file.close();
  }
}

function countByte(buf: Buffer, byte: number, from: number, to: number): number {
  let n = 0;
  let i = buf.indexOf(byte, from);
  while (i !== -1 && i < to) {
    n++;
    i = buf.indexOf(byte, i + 1);
  }
  return n;
}
