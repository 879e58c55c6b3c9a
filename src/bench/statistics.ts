// Order statistics of timing samples. Samples are per-call means of batches,
// since a single call is often shorter than the timer can resolve.

export interface Summary {
  /** How many samples (batches) the figures come from. */
  samples: number;
  min: number;
  median: number;
  p99: number;
  max: number;
}

/** The q-quantile (0..1) of sorted values, interpolating between neighbours. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new Error("no samples to summarise");
  const position = (sorted.length - 1) * Math.min(Math.max(q, 0), 1);
  const below = Math.floor(position);
  const above = Math.ceil(position);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}

export function median(values: readonly number[]): number {
  return quantile([...values].sort((a, b) => a - b), 0.5);
}

export function summarise(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    samples: sorted.length,
    min: sorted[0] ?? Number.NaN,
    median: quantile(sorted, 0.5),
    p99: quantile(sorted, 0.99),
    max: sorted[sorted.length - 1],
  };
}

/**
 * The median of the ratios of paired samples: batches of the candidate and its
 * reference taken side by side, so that a noisy moment affects both.
 */
export function pairedRatio(candidate: readonly number[], reference: readonly number[]): number {
  const pairs = Math.min(candidate.length, reference.length);
  if (pairs === 0) throw new Error("no paired samples to compare");
  const ratios: number[] = [];
  for (let i = 0; i < pairs; i++) ratios.push(candidate[i] / reference[i]);
  return median(ratios);
}
