/** Picks the one known word a mistyped word most likely meant, or nothing when none is close. */
import { distance } from 'fastest-levenshtein';

/**
 * A candidate is close when it is at most 2 edits away (and fewer than half its letters), when one
 * word starts the other, when both start alike for at least half the longer one (`strategy` →
 * `strategies`), or when the typed word is an abbreviation of it (`qty` → `quantity`).
 */
export function suggest(typed: string, candidates: Iterable<string>): string | undefined {
  const word = typed.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const lower = candidate.toLowerCase();
    if (lower === word) return candidate;
    const edits = distance(word, lower);
    const close =
      (edits <= 2 && edits < Math.max(word.length, lower.length) / 2) ||
      (word.length >= 2 && (lower.startsWith(word) || word.startsWith(lower))) ||
      sharedStart(word, lower) >= Math.max(4, Math.ceil(Math.max(word.length, lower.length) / 2)) ||
      isAbbreviation(word, lower);
    if (close && edits < bestDistance) {
      best = candidate;
      bestDistance = edits;
    }
  }
  return best;
}

/** Same first letter, then every typed letter appears in order in the candidate. */
function isAbbreviation(word: string, candidate: string): boolean {
  if (word.length < 2 || word[0] !== candidate[0]) return false;
  let at = 0;
  for (const letter of word) {
    at = candidate.indexOf(letter, at) + 1;
    if (at === 0) return false;
  }
  return true;
}

function sharedStart(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n += 1;
  return n;
}
