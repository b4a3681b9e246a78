/**
 * Binary min-heap of events ordered by (time, priority, seq). `seq` is unique and increasing, so
 * the order is total: ties in time and priority are FIFO.
 *
 * Layout, for speed. Each queued event sits in a slot from push to pop and never moves. The heap
 * itself is two parallel typed arrays: event times (Float64Array) and slot indices (Int32Array).
 * Sifting therefore compares and moves numbers: it loads no field from the event objects (which
 * come in many shapes) unless two times are equal, and it never stores a young object into the
 * long-lived heap arrays, each such store costing a GC write barrier (moving event pointers at every
 * level of the sift took about a fifth of the engine's time in the hold benchmark). Typed arrays measured about 5 % faster than plain arrays of numbers. Keeping priority
 * and seq in arrays by slot measured slower than reading them from the events on ties, even in a
 * benchmark where most times tie; Floyd's bottom-up sift-down measured no faster.
 */
export interface Stamp {
  time: number;
  priority: number;
  seq: number;
}

/** a is processed before b, given a.time === b.time. */
function tieBefore(a: Stamp, b: Stamp): boolean {
  return a.priority < b.priority || (a.priority === b.priority && a.seq < b.seq);
}

const INITIAL_CAPACITY = 64;

/**
 * `X` is an optional extra value kept beside each event: the engine keeps the event's handler there,
 * so that it is looked up once, when the event is scheduled.
 */
export class EventQueue<T extends Stamp, X = undefined> {
  /** Heap order, entries 0 … n−1: the time and the slot of each entry (capacity doubles as needed). */
  private times = new Float64Array(INITIAL_CAPACITY);
  private ids = new Int32Array(INITIAL_CAPACITY);
  private n = 0;
  /** By slot: the event (undefined when the slot is free) and its extra value. */
  private slots: (T | undefined)[] = [];
  private extras: (X | undefined)[] = [];
  /** Free slots, reused last-in first-out. */
  private free: number[] = [];

  /** Number of queued events. */
  get size(): number {
    return this.n;
  }

  /** Doubles the capacity of the heap arrays. */
  private grow(): void {
    const t = new Float64Array(this.times.length * 2);
    t.set(this.times);
    this.times = t;
    const d = new Int32Array(this.ids.length * 2);
    d.set(this.ids);
    this.ids = d;
  }

  /** Queues `item` at its stamped (time, priority, seq); `seq` must be unique among queued events. */
  push(item: T, extra?: X): void {
    if (this.n === this.times.length) this.grow();
    const times = this.times,
      ids = this.ids,
      slots = this.slots;
    const t = item.time;
    let id: number;
    if (this.free.length > 0) {
      id = this.free.pop()!;
      slots[id] = item;
      this.extras[id] = extra;
    } else {
      id = slots.length;
      slots.push(item);
      this.extras.push(extra);
    }
    const i = this.siftUp(this.n++, t, item);
    times[i] = t;
    ids[i] = id;
  }

  /** Moves the hole at `i` up past every parent that (t, item) goes before; returns where it stops. */
  private siftUp(i: number, t: number, item: T): number {
    const times = this.times,
      ids = this.ids,
      slots = this.slots;
    while (i > 0) {
      const up = (i - 1) >> 1;
      const tu = times[up]!;
      if (tu < t || (tu === t && tieBefore(slots[ids[up]!]!, item))) break;
      times[i] = tu;
      ids[i] = ids[up]!;
      i = up;
    }
    return i;
  }

  /** Removes and returns the earliest event, or undefined when empty. */
  pop(): T | undefined {
    if (this.n === 0) return undefined;
    const item = this.slots[this.ids[0]!];
    this.removeAt(0);
    return item;
  }

  /** The earliest event without removing it. */
  peek(): T | undefined {
    return this.n === 0 ? undefined : this.slots[this.ids[0]!];
  }

  /** The extra value pushed with the earliest event. */
  peekExtra(): X | undefined {
    return this.n === 0 ? undefined : this.extras[this.ids[0]!];
  }

  /** Time of the earliest event, or Infinity when there is none. */
  nextTime(): number {
    return this.n === 0 ? Infinity : this.times[0]!;
  }

  /** Removes the event with this seq (a linear scan). Returns false if no such event is queued. */
  cancel(seq: number): boolean {
    const slots = this.slots;
    for (let id = 0; id < slots.length; id++) {
      if (slots[id]?.seq === seq) {
        this.removeAt(this.ids.subarray(0, this.n).indexOf(id));
        return true;
      }
    }
    return false;
  }

  /** Queued events in processing order (a new array; the heap is untouched). */
  toSortedArray(): T[] {
    return Array.from(this.ids.subarray(0, this.n), (id) => this.slots[id]!).sort(
      (a, b) => a.time - b.time || a.priority - b.priority || a.seq - b.seq,
    );
  }

  clear(): void {
    this.times = new Float64Array(INITIAL_CAPACITY);
    this.ids = new Int32Array(INITIAL_CAPACITY);
    this.n = 0;
    this.slots = [];
    this.extras = [];
    this.free = [];
  }

  /** Removes heap entry `i` and frees its slot; the last entry takes its place and sifts. */
  private removeAt(i: number): void {
    const times = this.times,
      ids = this.ids,
      slots = this.slots;
    const gone = ids[i]!;
    slots[gone] = undefined;
    this.extras[gone] = undefined;
    this.free.push(gone);
    const n = --this.n;
    const t = times[n]!,
      id = ids[n]!;
    if (i === n) return;
    const item = slots[id]!;
    // Up (possible only when an inner entry is cancelled), then down.
    i = this.siftUp(i, t, item);
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      let tc = times[c]!;
      const r = c + 1;
      if (r < n) {
        const tr = times[r]!;
        if (tr < tc || (tr === tc && tieBefore(slots[ids[r]!]!, slots[ids[c]!]!))) {
          c = r;
          tc = tr;
        }
      }
      if (t < tc || (t === tc && tieBefore(item, slots[ids[c]!]!))) break;
      times[i] = tc;
      ids[i] = ids[c]!;
      i = c;
    }
    times[i] = t;
    ids[i] = id;
  }
}
