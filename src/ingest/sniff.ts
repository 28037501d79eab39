/** Candidate delimiters, in order of preference when counts tie. */
export const DELIMITERS = [',', ';', '\t', '|'] as const;

export interface SniffResult {
  delimiter: string;
  /** 'sniffed' when chosen from the data, 'default' when nothing was conclusive. */
  how: 'sniffed' | 'default';
}

/**
 * Picks the delimiter that splits the first lines of the file into the same number of
 * fields (more than one) most consistently. Quoted sections are skipped so commas
 * inside quoted text do not vote.
 */
export function sniffDelimiter(head: string): SniffResult {
  const lines = splitLogicalLines(head).slice(0, 20);
  // The last line may be cut off mid-record by the sample window.
  if (lines.length > 2) lines.pop();
  let best: { delimiter: string; score: number } | undefined;
  for (const delimiter of DELIMITERS) {
    const counts = lines.map((line) => countOutsideQuotes(line, delimiter));
    const header = counts[0] ?? 0;
    if (header === 0) continue;
    const consistent = counts.filter((c) => c === header).length / counts.length;
    const score = consistent * 1000 + header;
    if (!best || score > best.score) best = { delimiter, score };
  }
  return best ? { delimiter: best.delimiter, how: 'sniffed' } : { delimiter: ',', how: 'default' };
}

function splitLogicalLines(text: string): string[] {
  const lines: string[] = [];
  let inQuotes = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) inQuotes = !inQuotes;
    else if (c === 10 && !inQuotes) {
      const line = text.slice(start, i).replace(/\r$/, '');
      if (line.length) lines.push(line);
      start = i + 1;
    }
  }
  const rest = text.slice(start).replace(/\r$/, '');
  if (rest.length) lines.push(rest);
  return lines;
}

function countOutsideQuotes(line: string, delimiter: string): number {
  let n = 0;
  let inQuotes = false;
  for (const ch of line) {
    if (ch === '"') inQuotes = !inQuotes;
    else if (ch === delimiter && !inQuotes) n++;
  }
  return n;
}

export function describeDelimiter(d: string): string {
  return d === '\t' ? 'tab' : d === ',' ? 'comma' : d === ';' ? 'semicolon' : d === '|' ? 'pipe' : JSON.stringify(d);
}
