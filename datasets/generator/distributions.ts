import { randNormal, type Rng } from '../../engine/rng.ts';

/** Log-odds of a probability in (0, 1). */
export function logit(p: number): number {
  return Math.log(p / (1 - p));
}

/** Probability of a log-odds value. */
export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** A uniform draw in [lo, hi). */
export function randUniform(rng: Rng, lo: number, hi: number): number {
  return lo + (hi - lo) * rng();
}

/** A log-uniform draw in [lo, hi), both > 0: every factor of 2 in the range is equally likely. */
export function randLogUniform(rng: Rng, lo: number, hi: number): number {
  return lo * Math.exp(Math.log(hi / lo) * rng());
}

/** A log-normal draw with the given median and log-space standard deviation. */
export function randLogNormal(rng: Rng, median: number, sigma: number): number {
  return median * Math.exp(sigma * randNormal(rng));
}

/** A Bernoulli draw: true with probability p. */
export function randBool(rng: Rng, p: number): boolean {
  return rng() < p;
}

/**
 * A Poisson count with mean `lambda` ≥ 0: Knuth's product method below 30, a rounded normal
 * approximation above (the world only needs the right mean and rough spread).
 */
export function randPoisson(rng: Rng, lambda: number): number {
  if (lambda <= 0) return 0;
  if (lambda >= 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * randNormal(rng)));
  const limit = Math.exp(-lambda);
  let k = 0;
  let prod = rng();
  while (prod > limit) {
    k++;
    prod *= rng();
  }
  return k;
}

/** Fisher–Yates shuffle in place; returns the array. */
export function shuffleInPlace<T>(rng: Rng, a: T[]): T[] {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
  return a;
}
