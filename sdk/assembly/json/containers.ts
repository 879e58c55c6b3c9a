// Where each object and array of a validated document ends. Recorded while
// validating, so moving past a container costs a binary search instead of a
// scan of everything inside it: policies skip large objects all the time.

const INITIAL_CAPACITY = 64;

export class ContainerIndex {
  /** Pairs of (start, end) offsets from `base`, in order of start. */
  private pairs: StaticArray<u32> = new StaticArray<u32>(INITIAL_CAPACITY * 2);
  private count: i32 = 0;

  constructor(private base: usize) {}

  /** Records a container opening at `p`; returns its slot for `close`. */
  open(p: usize): i32 {
    if (this.count * 2 == this.pairs.length) {
      // Doubling keeps the cost of growth proportional to the document.
      const grown = new StaticArray<u32>(this.pairs.length * 2);
      memory.copy(changetype<usize>(grown), changetype<usize>(this.pairs), <usize>this.pairs.length << 2);
      this.pairs = grown;
    }
    const slot = this.count++;
    unchecked((this.pairs[slot * 2] = <u32>(p - this.base)));
    return slot;
  }

  close(slot: i32, p: usize): void {
    unchecked((this.pairs[slot * 2 + 1] = <u32>(p + 1 - this.base)));
  }

  /** Address just after the container that opens at `start`, or 0 if none opens there. */
  endOf(start: usize): usize {
    const target = <u32>(start - this.base);
    let low = 0;
    let high = this.count - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const at = unchecked(this.pairs[middle * 2]);
      if (at == target) return this.base + <usize>unchecked(this.pairs[middle * 2 + 1]);
      if (at < target) low = middle + 1;
      else high = middle - 1;
    }
    return 0;
  }
}
