// Which policy an evaluating thread is running on which object, in memory the thread and the
// pool share: when the thread must be ended (an object past its deadline, a crash), the pool
// reads which policy was running and blames that one alone. Three integers, written with
// Atomics before each object and each policy's evaluation: no message per evaluation.

const JOB = 0;
const POSITION = 1;
const POLICY = 2;
const NONE = -1;

export class EvaluationProgress {
  readonly slots: Int32Array;

  /** Without shared slots, a new set; with them (the thread's end, from its workerData), the same memory. */
  constructor(slots?: Int32Array) {
    this.slots = slots ?? new Int32Array(new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT)).fill(NONE);
  }

  /** The thread starts judging the object at `position` of batch `job`; no policy runs yet. */
  object(job: number, position: number): void {
    Atomics.store(this.slots, POLICY, NONE);
    Atomics.store(this.slots, JOB, job);
    Atomics.store(this.slots, POSITION, position);
  }

  /** The policy with this plan index starts judging it. */
  policy(index: number): void {
    Atomics.store(this.slots, POLICY, index);
  }

  /** The plan index of the policy running on that object, if the thread is on it and one is. */
  running(job: number, position: number): number | undefined {
    if (Atomics.load(this.slots, JOB) !== job || Atomics.load(this.slots, POSITION) !== position) return undefined;
    const index = Atomics.load(this.slots, POLICY);
    return index === NONE ? undefined : index;
  }
}
