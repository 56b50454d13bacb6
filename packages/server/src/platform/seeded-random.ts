// A small deterministic generator for demo data, so every demo organization looks the same.

/** Returns pick(n): a whole number in [0, n), from a linear congruential sequence started at `seed`. */
export function seededRandom(seed: number): (n: number) => number {
  let s = seed;
  return (n: number) => {
    s = (s * 1103515245 + 12345) % 2147483648;
    // The high bits: the low bits of this sequence repeat with short periods (s % 2 alternates),
    // which made every demo customer land with the same owner.
    return Math.floor((s / 2147483648) * n);
  };
}
