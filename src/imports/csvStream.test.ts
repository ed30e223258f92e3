import { Readable } from 'node:stream';
import { readCsv, StoppedBeforeHeadError, type CsvItem, type ParserState } from './csvStream.js';
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
  const sample = bytes(
    'ab',
    [0xc3, 0xa9],
    EURO,
    REPLACEMENT,
    [0x80],
    'x',
    [0xf0, 0x9f, 0x98],
    [0x80],
    [0xe2, 0x82],
    'yz,',
    [0xc0, 0xaf],
    'q',
    [0xed, 0xa0, 0x80],
    '!',
  );
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
      expect.objectContaining({ kind: 'record', recordNo: 2203, lineNo: 2204, fields: ['BROKEN', 'Caf\uFFFD', 'd', 'true'], invalidUtf8: true }),
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

describe('readCsv taking over mid-file (resumable uploads)', () => {
  /** What a record is, without where it ends. */
  const plain = (items: CsvItem[]) => items.map((i) => (i.kind === 'record' ? { ...i, end: undefined } : i));

  /** Reads `file` as an upload cut off at each of `cuts` in turn, every part continuing from the last record's end. */
  async function readInParts(file: Buffer, cuts: number[]): Promise<CsvItem[]> {
    const out: CsvItem[] = [];
    let offset = 0;
    let state: ParserState | undefined;
    let delimiter = ',';
    let recordDelimiter: string | null = null;
    for (const cut of [...cuts, file.length]) {
      if (cut <= offset) continue;
      const items: CsvItem[] = [];
      try {
        const reader = readCsv(Readable.from([file.subarray(offset, cut)]), {
          maxBytes: 1 << 30,
          resume: state,
          expectedBytes: file.length - offset,
          onDelimiter: (d) => (delimiter = d),
          onRecordDelimiter: (d) => (recordDelimiter = d),
        });
        for await (const batch of reader) items.push(...batch);
      } catch (err) {
        if (err instanceof StoppedBeforeHeadError) continue; // nothing kept: the next part starts at 0 again
        throw err;
      }
      const last = items.findLast((i) => i.kind === 'record');
      if (cut < file.length) {
        if (!last) continue;
        // Malformed records after the last full record are read again by the next part.
        out.push(...items.filter((i) => i.recordNo <= last.recordNo).filter((i) => i.recordNo > (state?.recordNo ?? -1)));
        offset += last.end.offset;
        state = { recordNo: last.recordNo, lines: last.end.lines, delimiter, recordDelimiter };
      } else {
        out.push(...items.filter((i) => i.recordNo > (state?.recordNo ?? -1)));
      }
    }
    return out;
  }

  // CRLF, quoted delimiters and line breaks (CRLF inside quotes too), empty lines, a BOM, past the
  // strict 64 KiB an invalid byte and a real U+FFFD, and a quote left open to the end (malformed).
  const file = bytes(
    '\uFEFFsku;name;description;active\r\n',
    Array.from({ length: 1800 }, (_, i) => `Q-${i};"Name; ${i}";"two\r\nlines ""quoted""";yes\r\n${i % 500 === 7 ? '\r\n' : ''}`).join(''),
    'BAD;"closed"after;x;y\r\nNEXT;fine;d;no\r\n',
    'INV;Caf',
    [0xe2, 0x82],
    ';d;1\r\nREAL;',
    REPLACEMENT,
    ';d;0\r\n',
    Array.from({ length: 300 }, (_, i) => `T-${i};Tail ${i};;\r\n`).join(''),
    'LAST;line break;d;true\r\n',
    'BAD;"unclosed quote;d\r\nto the end',
  );

  it('yields exactly the records of one uninterrupted read, wherever the bytes are cut and however often', async () => {
    expect(file.length).toBeGreaterThan(64 * 1024);
    const whole = await readAll([file]);
    expect(whole.filter((i) => i.kind === 'malformed')).toHaveLength(1);
    expect(whole.filter((i) => i.kind === 'record' && i.invalidUtf8)).toHaveLength(1);
    const special = ['\r\n\r\n', '"closed"', 'INV;', 'REAL;', 'LAST;', '"unclosed', 'to the end'].map((t) => file.indexOf(t));
    const cutSets = [[10], [70_000], special, special.map((c) => c + 1), special.map((c) => c + 2), [66_000, 66_001, 66_002, file.length - 3, file.length - 1]];
    // …and random cuts, the same on every run.
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let k = 0; k < 8; k++) cutSets.push(Array.from({ length: 1 + (k % 5) }, () => Math.floor(random() * file.length)).sort((a, b) => a - b));
    for (const cuts of cutSets) {
      expect({ cuts, items: plain(await readInParts(file, cuts)) }).toEqual({ cuts, items: plain(whole) });
    }
  });

  it('keeps nothing of a part that stops before the first 64 KiB could be checked', async () => {
    const reader = readCsv(Readable.from([file.subarray(0, 1000)]), { maxBytes: 1 << 30, expectedBytes: file.length });
    await expect(reader.next()).rejects.toBeInstanceOf(StoppedBeforeHeadError);
  });
});
