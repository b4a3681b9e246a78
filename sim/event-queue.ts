/**
 * Binary min-heap of events ordered by (time, priority, seq). `seq` is unique and increasing, so
 * the order is total: ties in time and priority are FIFO. Cancellation is lazy: cancelled seqs are
 * remembered and skipped when they reach the top.
 */
export interface Stamp {
  time: number;
  priority: number;
  seq: number;
}

function before(a: Stamp, b: Stamp): boolean {
  return a.time < b.time || (a.time === b.time && (a.priority < b.priority || (a.priority === b.priority && a.seq < b.seq)));
}

export class EventQueue<T extends Stamp> {
  private items: T[] = [];
  private cancelled = new Set<number>();

  /** Number of live (not cancelled) events. */
  get size(): number {
    return this.items.length - this.cancelled.size;
  }

  push(item: T): void {
    const heap = this.items;
    let i = heap.length;
    heap.push(item);
    while (i > 0) {
      const parentIndex = (i - 1) >> 1;
      const parent = heap[parentIndex]!;
      if (!before(item, parent)) break;
      heap[i] = parent;
      i = parentIndex;
    }
    heap[i] = item;
  }

  /** Removes and returns the earliest live event, or undefined when empty. */
  pop(): T | undefined {
    for (;;) {
      const item = this.popAny();
      if (item === undefined || this.cancelled.size === 0 || !this.cancelled.delete(item.seq)) return item;
    }
  }

  /** The earliest live event without removing it. */
  peek(): T | undefined {
    if (this.cancelled.size !== 0) this.dropCancelledTop();
    return this.items[0];
  }

  /** Time of the earliest live event, or Infinity when there is none. */
  nextTime(): number {
    if (this.cancelled.size !== 0) this.dropCancelledTop();
    const top = this.items[0];
    return top === undefined ? Infinity : top.time;
  }

  /** Marks the event with this seq as cancelled. Returns false if no such live event is queued. */
  cancel(seq: number): boolean {
    if (this.cancelled.has(seq) || !this.items.some((e) => e.seq === seq)) return false;
    this.cancelled.add(seq);
    return true;
  }

  /** Live events in processing order (a new array; the heap is untouched). */
  toSortedArray(): T[] {
    return this.items
      .filter((e) => !this.cancelled.has(e.seq))
      .sort((a, b) => a.time - b.time || a.priority - b.priority || a.seq - b.seq);
  }

  clear(): void {
    this.items = [];
    this.cancelled.clear();
  }

  private dropCancelledTop(): void {
    while (this.items.length > 0 && this.cancelled.delete(this.items[0]!.seq)) this.popAny();
  }

  private popAny(): T | undefined {
    const heap = this.items;
    if (heap.length === 0) return undefined;
    const top = heap[0]!;
    const last = heap.pop()!;
    const n = heap.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= n) break;
        let child = heap[c]!;
        if (c + 1 < n) {
          const right = heap[c + 1]!;
          if (before(right, child)) {
            c++;
            child = right;
          }
        }
        if (!before(child, last)) break;
        heap[i] = child;
        i = c;
      }
      heap[i] = last;
    }
    return top;
  }
}
