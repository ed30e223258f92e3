import { Readable } from 'node:stream';
import { readCsv, type CsvItem } from './csvStream.js';
import { Utf8Scanner } from './utf8Check.js';

/** Every item readCsv yields for a stream that delivers exactly these chunks. */
async function readAll(chunks: Buffer[]): Promise<CsvItem[]> {
  const items: CsvItem[] = [];
  for await (const batch of readCsv(Readable.from(chunks), { maxBytes: 1 << 30 })) items.push(...batch);
  return items;
}

const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));

/** Header and `n` plain rows: more than the 64 KiB checked strictly when n ≥ 2,000. */
const filler = (n: number) => `sku,name,description,active\n${Array.from({ length: n }, (_, i) => `F-${i},Filler ${i},Some description,true\n`).join('')}`;

const EURO = [0xe2, 0x82, 0xac];
const REPLACEMENT = [0xef, 0xbf, 0xbd]; // U+FFFD, valid UTF-8

describe('Utf8Scanner', () => {
  // Valid: ASCII, é, €, U+FFFD, an emoji. Invalid: a lone continuation byte (at 10), a truncated
  // 3-byte sequence followed by ASCII (16, 17), an overlong encoding (21, 22), a surrogate (24, 25, 26).
  const sample = bytes('ab', [0xc3, 0xa9], EURO, REPLACEMENT, [0x80], 'x', [0xf0, 0x9f, 0x98], [0x80], [0xe2, 0x82], 'yz,', [0xc0, 0xaf], 'q', [0xed, 0xa0, 0x80], '!');
  const expected = [10, 16, 17, 21, 22, 24, 25, 26];

  it('reports the offset of every invalid sequence and none for valid characters, U+FFFD included', () => {
    const scanner = new Utf8Scanner();
    expect([...scanner.scan(bytes('ab', [0xc3, 0xa9], EURO, REPLACEMENT, [0xf0, 0x9f, 0x98, 0x80])), ...scanner.end()]).toEqual([]);
    const whole = new Utf8Scanner();
    expect([...whole.scan(bytes([0x80], 'a', [0xe2]))]).toEqual([0]);
    expect(whole.end()).toEqual([2]); // a character cut off by the end of the stream
  });

  it('finds the same offsets wherever the chunks are cut, even into single bytes', () => {
    const scanAll = (chunks: Buffer[]) => {
      const scanner = new Utf8Scanner();
      return [...chunks.flatMap((c) => scanner.scan(c)), ...scanner.end()];
    };
    expect(scanAll([sample])).toEqual(expected);
    for (let cut = 1; cut < sample.length; cut++) {
      expect({ cut, offsets: scanAll([sample.subarray(0, cut), sample.subarray(cut)]) }).toEqual({ cut, offsets: expected });
    }
    expect(scanAll([...sample].map((b) => Buffer.from([b])))).toEqual(expected);
  });
});

describe('readCsv and UTF-8', () => {
  it('reads a U+FFFD that is really in the file as data, in the first 64 KiB and past them', async () => {
    const csv = bytes(filler(10), 'EARLY,Early ', REPLACEMENT, ',d,true\n', filler(2500).replace(/^.*\n/, ''), 'LATE,Late ', REPLACEMENT, ',d,true\n');
    expect(csv.indexOf('LATE')).toBeGreaterThan(64 * 1024);
    const records = (await readAll([csv])).filter((i) => i.kind === 'record' && /EARLY|LATE/.test(i.fields[0]!));
    expect(records).toEqual([
      expect.objectContaining({ kind: 'record', lineNo: 12, fields: ['EARLY', 'Early \uFFFD', 'd', 'true'], invalidUtf8: false }),
      expect.objectContaining({ kind: 'record', lineNo: 2513, fields: ['LATE', 'Late \uFFFD', 'd', 'true'], invalidUtf8: false }),
    ]);
  });

  it('marks exactly the row whose invalid byte sequence is split across two stream chunks, with its line', async () => {
    const head = Buffer.from(filler(2200)); // past the strict 64 KiB: later bad bytes reject their row only
    const chunks = [
      head,
      // Valid characters cut between chunks (€, and a real U+FFFD), then a truncated € cut the same way.
      bytes('EURO,Price ', EURO.slice(0, 2)),
      bytes(EURO.slice(2), ',d,true\nREAL,Real ', REPLACEMENT.slice(0, 1)),
      bytes(REPLACEMENT.slice(1), ',d,true\nBROKEN,Caf', EURO.slice(0, 2)),
      bytes(',d,true\nAFTER,After ', REPLACEMENT, ',d,true\n'),
    ];
    const items = await readAll(chunks);
    expect(items).toHaveLength(2205);
    expect(items.filter((i) => i.kind !== 'record' || i.invalidUtf8)).toEqual([
      { kind: 'record', recordNo: 2203, lineNo: 2204, fields: ['BROKEN', 'Caf\uFFFD', 'd', 'true'], invalidUtf8: true },
    ]);
    expect(items.slice(-4).map((i) => (i.kind === 'record' ? [i.lineNo, i.fields[1]] : i))).toEqual([
      [2202, 'Price €'],
      [2203, 'Real \uFFFD'],
      [2204, 'Caf\uFFFD'],
      [2205, 'After \uFFFD'],
    ]);
  });

  it('marks a row whose last character is cut off by the end of the file', async () => {
    const items = await readAll([Buffer.from(filler(2200)), bytes('LAST,Caf', EURO.slice(0, 2))]);
    expect(items.at(-1)).toMatchObject({ kind: 'record', lineNo: 2202, fields: ['LAST', 'Caf\uFFFD'], invalidUtf8: true });
    expect(items.filter((i) => i.kind === 'record' && i.invalidUtf8)).toHaveLength(1);
  });
});
