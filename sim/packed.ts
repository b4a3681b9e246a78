/**
 * A compact transport for JSON-like values between threads: the structure (object keys, strings,
 * null/true/false/undefined, where the numbers go) as one `shape` string, every number in one
 * Float64Array that can be transferred instead of copied. A worker's result message then costs a
 * memcpy and a short string instead of a structured clone of every property and array element
 * (issue 11: a replication record is ~1,700 numbers in ~20 arrays and ~150 keys), and the receiver
 * rebuilds the value with a decoder compiled once per shape (results of one task module share a
 * handful of shapes; the length of an all-number array is data, not shape).
 *
 * `unpack(pack(v))` equals what a structured clone of `v` gives for every value `pack` accepts:
 * plain objects (own enumerable string keys, in their order), dense arrays, strings, numbers
 * (NaN and −0 included: a Float64Array keeps every bit), booleans, null and undefined. Anything
 * else anywhere inside (class instances, typed arrays, Maps, holes, bigints, …) makes `pack`
 * return null, and the caller sends the value as it is. Domain-free (sim/pool.ts unpacks).
 */
import { isObject } from './guards.js';

export interface Packed {
  shape: string;
  nums: Float64Array;
}

// Shape grammar: # number · * all-number array (its length, then its elements, in nums) ·
// n null · t true · f false · u undefined · "…" string (JSON) · [a,b] array · {"k":a,"l":b} object.

class Writer {
  nums = new Float64Array(4096);
  n = 0;
  push(x: number): void {
    if (this.n === this.nums.length) {
      const grown = new Float64Array(this.nums.length * 2);
      grown.set(this.nums);
      this.nums = grown;
    }
    this.nums[this.n++] = x;
  }
}

const writer = new Writer();

/**
 * The structure of a value, as `pack` found it. `pack` first tries the structures of its last few
 * values (matching checks every key, string and type, and pushes the numbers), so a worker that
 * sends records of one shape builds the shape string once, not per record.
 */
type Node =
  | { k: 'num' }
  | { k: 'nums' }
  | { k: 'lit'; v: null | boolean | undefined }
  | { k: 'str'; v: string }
  | { k: 'arr'; items: Node[] }
  | { k: 'obj'; keys: string[]; vals: Node[] };

const NUM: Node = { k: 'num' };
const NUMS: Node = { k: 'nums' };

function isPlainObject(v: object): boolean {
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function allNumbers(xs: readonly unknown[]): xs is readonly number[] {
  for (let i = 0; i < xs.length; i++) if (typeof xs[i] !== 'number') return false;
  return true;
}

function pushAll(xs: readonly number[], w: Writer): void {
  w.push(xs.length);
  for (let i = 0; i < xs.length; i++) w.push(xs[i]!);
}

/** The structure of `v` (numbers pushed to `w`), or null when `v` holds something only a structured clone carries. */
function nodeOf(v: unknown, w: Writer): Node | null {
  switch (typeof v) {
    case 'number':
      w.push(v);
      return NUM;
    case 'string':
      return { k: 'str', v };
    case 'boolean':
    case 'undefined':
      return { k: 'lit', v };
    case 'object': {
      if (v === null) return { k: 'lit', v: null };
      if (Array.isArray(v)) {
        if (Object.getPrototypeOf(v) !== Array.prototype) return null;
        const xs: unknown[] = v;
        if (allNumbers(xs)) {
          pushAll(xs, w);
          return NUMS;
        }
        const items: Node[] = [];
        for (let i = 0; i < xs.length; i++) {
          if (!(i in xs)) return null; // a hole: a clone keeps it, this format cannot
          const e = nodeOf(xs[i], w);
          if (e === null) return null;
          items.push(e);
        }
        return { k: 'arr', items };
      }
      if (!isObject(v) || !isPlainObject(v)) return null;
      const o = v;
      const keys: string[] = [];
      const vals: Node[] = [];
      for (const key in o) {
        if (!Object.prototype.hasOwnProperty.call(o, key)) continue;
        if (key === '__proto__') return null; // assigning it would set the prototype
        const e = nodeOf(o[key], w);
        if (e === null) return null;
        keys.push(key);
        vals.push(e);
      }
      return { k: 'obj', keys, vals };
    }
    default:
      return null; // bigint, symbol, function
  }
}

/** Whether `v` has structure `node` exactly; pushes its numbers on the way (discard them on false). */
function matches(node: Node, v: unknown, w: Writer): boolean {
  switch (node.k) {
    case 'num':
      if (typeof v !== 'number') return false;
      w.push(v);
      return true;
    case 'nums':
      if (!Array.isArray(v) || Object.getPrototypeOf(v) !== Array.prototype || !allNumbers(v)) return false;
      pushAll(v, w);
      return true;
    case 'lit':
    case 'str':
      return v === node.v;
    case 'arr': {
      if (!Array.isArray(v) || Object.getPrototypeOf(v) !== Array.prototype) return false;
      const xs: unknown[] = v;
      if (xs.length !== node.items.length || allNumbers(xs)) return false;
      for (let i = 0; i < xs.length; i++) if (!(i in xs) || !matches(node.items[i]!, xs[i], w)) return false;
      return true;
    }
    case 'obj': {
      if (!isObject(v) || Array.isArray(v) || !isPlainObject(v)) return false;
      const o = v;
      let k = 0;
      for (const key in o) {
        if (!Object.prototype.hasOwnProperty.call(o, key)) continue;
        if (key !== node.keys[k] || !matches(node.vals[k]!, o[key], w)) return false;
        k++;
      }
      return k === node.keys.length;
    }
  }
}

function shapeString(node: Node): string {
  switch (node.k) {
    case 'num':
      return '#';
    case 'nums':
      return '*';
    case 'lit':
      return node.v === null ? 'n' : node.v === undefined ? 'u' : node.v ? 't' : 'f';
    case 'str':
      return JSON.stringify(node.v);
    case 'arr':
      return '[' + node.items.map(shapeString).join(',') + ']';
    case 'obj':
      return '{' + node.keys.map((key, i) => JSON.stringify(key) + ':' + shapeString(node.vals[i]!)).join(',') + '}';
  }
}

/** The structures of the last values packed, most recent first. */
const recent: { node: Node; shape: string }[] = [];
const RECENT = 4;

/** `value` as a shape and its numbers (a fresh buffer, safe to transfer), or null if it cannot be packed. */
export function pack(value: unknown): Packed | null {
  for (let r = 0; r < recent.length; r++) {
    writer.n = 0;
    const known = recent[r]!;
    if (matches(known.node, value, writer)) {
      if (r > 0) recent.unshift(...recent.splice(r, 1));
      return { shape: known.shape, nums: writer.nums.slice(0, writer.n) };
    }
  }
  writer.n = 0;
  const node = nodeOf(value, writer);
  if (node === null) return null;
  const shape = shapeString(node);
  recent.unshift({ node, shape });
  if (recent.length > RECENT) recent.pop();
  return { shape, nums: writer.nums.slice(0, writer.n) };
}

/** Reads numbers in order from a packed buffer. */
interface Cursor {
  nums: Float64Array;
  at: number;
}
type Decode = (c: Cursor) => unknown;

/** Compiles a shape into a decoder (closures, so the shape is parsed once). */
function compile(shape: string): Decode {
  let i = 0;
  const fail = (): never => {
    throw new RangeError(`bad packed shape at ${i}: ${shape.slice(i, i + 40)}`);
  };
  const readString = (): string => {
    // a JSON string literal: find its closing quote (skipping escapes), then JSON.parse it
    const start = i;
    i++;
    while (i < shape.length && shape[i] !== '"') i += shape[i] === '\\' ? 2 : 1;
    if (i >= shape.length) fail();
    i++;
    const parsed: unknown = JSON.parse(shape.slice(start, i));
    return typeof parsed === 'string' ? parsed : fail();
  };
  const node = (): Decode => {
    const c = shape[i];
    switch (c) {
      case '#':
        i++;
        return (cur) => cur.nums[cur.at++];
      case '*':
        i++;
        return (cur) => {
          const n = cur.nums[cur.at++]!;
          const xs: number[] = [];
          for (let k = 0; k < n; k++) xs.push(cur.nums[cur.at++]!);
          return xs;
        };
      case 'n':
        i++;
        return () => null;
      case 't':
        i++;
        return () => true;
      case 'f':
        i++;
        return () => false;
      case 'u':
        i++;
        return () => undefined;
      case '"': {
        const s = readString();
        return () => s;
      }
      case '[': {
        i++;
        const items: Decode[] = [];
        while (shape[i] !== ']') {
          if (items.length > 0) {
            if (shape[i] !== ',') fail();
            i++;
          }
          items.push(node());
        }
        i++;
        return (cur) => items.map((d) => d(cur));
      }
      case '{': {
        i++;
        const keys: string[] = [];
        const values: Decode[] = [];
        while (shape[i] !== '}') {
          if (keys.length > 0) {
            if (shape[i] !== ',') fail();
            i++;
          }
          if (shape[i] !== '"') fail();
          keys.push(readString());
          if (shape[i] !== ':') fail();
          i++;
          values.push(node());
        }
        i++;
        return (cur) => {
          const o: Record<string, unknown> = {};
          for (let k = 0; k < keys.length; k++) o[keys[k]!] = values[k]!(cur);
          return o;
        };
      }
      default:
        return fail();
    }
  };
  const decode = node();
  if (i !== shape.length) fail();
  return decode;
}

/** Decoders by shape; a task module's results have few shapes, but a bound keeps odd ones from piling up. */
const decoders = new Map<string, Decode>();
const MAX_DECODERS = 256;

/** The value `pack` was given. */
export function unpack(packed: Packed): unknown {
  let decode = decoders.get(packed.shape);
  if (!decode) {
    decode = compile(packed.shape);
    if (decoders.size >= MAX_DECODERS) decoders.clear();
    decoders.set(packed.shape, decode);
  }
  const cursor: Cursor = { nums: packed.nums, at: 0 };
  const value = decode(cursor);
  if (cursor.at !== packed.nums.length) throw new RangeError('packed value: numbers left over');
  return value;
}
