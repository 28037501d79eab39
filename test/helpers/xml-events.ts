import { expect } from 'vitest';
import { XmlScanner, type XmlHandler } from '../../src/ingest/xlsx/xml.js';

/**
 * The xlsx XML tokenizer's events for a document given in chunks: tags, and text with a run
 * that came in pieces (cut by chunk boundaries) joined, plus each piece's length. Each piece
 * must decode on its own, so no piece ends inside a UTF-8 character or an entity.
 */
export function tokenize(chunks: Buffer[], maxTagBytes?: number): { events: string[]; pieces: number[] } {
  const events: string[] = [];
  const pieces: number[] = [];
  let inText = false;
  const push = (e: string) => {
    events.push(e);
    inText = false;
  };
  const h: XmlHandler = {
    open: (buf, s, e, a) => push(`<${buf.toString('utf8', s, e)}${buf.toString('utf8', e, a)}>`),
    close: (buf, s, e) => push(`</${buf.toString('utf8', s, e)}>`),
    text: (buf, s, e, cdata) => {
      const piece = buf.toString('utf8', s, e);
      // Each piece decodes on its own: no UTF-8 character or entity cut at its end.
      expect(piece).not.toContain('\uFFFD');
      if (!cdata) expect(piece).not.toMatch(/&[#\w]*$/);
      pieces.push(e - s);
      if (inText) events[events.length - 1] += piece;
      else events.push(`${cdata ? 'CDATA:' : ''}${piece}`);
      inText = true;
    },
  };
  const scanner = new XmlScanner(h, 'test.xlsx (sheet1.xml)', maxTagBytes);
  for (const c of chunks) scanner.write(c);
  scanner.end();
  return { events, pieces };
}

