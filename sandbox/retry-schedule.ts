// The protocol's schedule, as offsets from the first attempt (seconds):
// delays 0, 5 s, 30 s, 2 min, 10 min, 30 min, 1 h, then hourly, with a last
// attempt exactly 24 h after the first; after that the event is failed.
const DEADLINE_S = 24 * 3600;

export const OFFSETS_S: readonly number[] = (() => {
  const offsets = [0];
  for (const delay of [5, 30, 120, 600, 1800, 3600]) offsets.push(offsets.at(-1)! + delay);
  while (offsets.at(-1)! + 3600 < DEADLINE_S) offsets.push(offsets.at(-1)! + 3600);
  offsets.push(DEADLINE_S);
  return offsets;
})();

export interface NextAttempt {
  /** Index into OFFSETS_S of the attempt to make next. */
  slot: number;
  at: number;
}

/**
 * After the attempt in `slot` failed at `now`: when to try again, or null
 * when the event must be marked failed. Slots that are already past (the
 * sandbox was down, or an attempt hung until its timeout) collapse into one
 * attempt right away instead of a burst. Every delay and the 24 h deadline
 * are multiplied by `scale`.
 */
export function nextAttempt(firstAttemptAt: number, slot: number, now: number, scale: number): NextAttempt | null {
  const planned = (s: number) => firstAttemptAt + Math.round(OFFSETS_S[s]! * 1000 * scale);
  if (now >= planned(OFFSETS_S.length - 1)) return null;
  let next = slot + 1;
  if (next >= OFFSETS_S.length) return null;
  while (next + 1 < OFFSETS_S.length && planned(next + 1) <= now) next++;
  return { slot: next, at: Math.max(planned(next), now) };
}
