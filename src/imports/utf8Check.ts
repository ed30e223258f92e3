import { isUtf8 } from 'node:buffer';

/**
 * Finds invalid UTF-8 in a byte stream, chunk by chunk, as absolute byte offsets from the start
 * of the stream. A character cut at a chunk's end is carried into the next chunk, so only bytes
 * that are really invalid are reported; a valid chunk costs one native check.
 */
export class Utf8Scanner {
  private carry: Buffer = Buffer.alloc(0);
  /** Offset of the next chunk's first byte. */
  private offset = 0;

  /** Offsets of the bytes that are not part of a well-formed character, up to this chunk's last complete one (usually none). */
  scan(chunk: Buffer): number[] {
    const data = this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk;
    const start = this.offset - this.carry.length;
    this.offset += chunk.length;
    const cut = incompleteTail(data);
    this.carry = cut ? Buffer.from(data.subarray(data.length - cut)) : Buffer.alloc(0);
    const body = cut ? data.subarray(0, data.length - cut) : data;
    return isUtf8(body) ? [] : invalidOffsets(body, start);
  }

  /** At the end of the stream: the offset of a character left incomplete, if any. */
  end(): number[] {
    const at = this.offset - this.carry.length;
    const incomplete = this.carry.length > 0;
    this.carry = Buffer.alloc(0);
    return incomplete ? [at] : [];
  }
}

/** How many bytes at the end of `buf` start a multi-byte character whose other bytes are still to come. */
function incompleteTail(buf: Buffer): number {
  for (let back = 1; back <= 3 && back <= buf.length; back++) {
    const b = buf[buf.length - back]!;
    if (b < 0x80) return 0;
    if (b >= 0xc0) {
      const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      return length > back ? back : 0;
    }
  }
  return 0;
}

const isContinuation = (b: number | undefined) => b !== undefined && (b & 0xc0) === 0x80;
const inRange = (b: number | undefined, lo: number, hi: number) => b !== undefined && b >= lo && b <= hi;

/** Length of the well-formed multi-byte sequence at `i` (Unicode table 3-7), or 0. */
function sequenceLength(buf: Buffer, i: number): number {
  const b = buf[i]!;
  if (b >= 0xc2 && b <= 0xdf) return isContinuation(buf[i + 1]) ? 2 : 0;
  if (b >= 0xe0 && b <= 0xef) {
    const ok = inRange(buf[i + 1], b === 0xe0 ? 0xa0 : 0x80, b === 0xed ? 0x9f : 0xbf) && isContinuation(buf[i + 2]);
    return ok ? 3 : 0;
  }
  if (b >= 0xf0 && b <= 0xf4) {
    const ok = inRange(buf[i + 1], b === 0xf0 ? 0x90 : 0x80, b === 0xf4 ? 0x8f : 0xbf) && isContinuation(buf[i + 2]) && isContinuation(buf[i + 3]);
    return ok ? 4 : 0;
  }
  return 0;
}

/** Offsets (from `start`) of the bytes not part of a well-formed character; run only on a chunk that failed the native check. */
function invalidOffsets(buf: Buffer, start: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < buf.length;) {
    if (buf[i]! < 0x80) {
      i += 1;
      continue;
    }
    const length = sequenceLength(buf, i);
    if (length) {
      i += length;
    } else {
      out.push(start + i);
      i += 1;
    }
  }
  return out;
}
