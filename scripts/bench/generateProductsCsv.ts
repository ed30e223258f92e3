import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

const WORDS = [
  'Café',
  'crème',
  'brûlée',
  'Señor',
  'Øresund',
  'Škoda',
  'Zürich',
  'naïve',
  'façade',
  'Ærø',
  'Łódź',
  'smörgåsbord',
  'jalapeño',
  'über',
  'déjà',
  'vu',
  'garçon',
  'piñata',
  'Ölmühle',
  'crêpe',
  'Kraków',
  'Málaga',
  'hôtel',
  'Straße',
  'lamp',
  'chair',
  'table',
  'mug',
  'kettle',
  'blanket',
  'candle',
  'shelf',
  'rug',
  'vase',
  'clock',
  'mirror',
];
const COLOURS = ['red', 'blue', 'green', 'oak', 'walnut', 'matte black', 'brushed steel', 'ivory'];

/** Deterministic pseudo-random numbers (mulberry32) so every run benchmarks the same file. */
function rng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const quote = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);

/**
 * Writes a realistic products CSV: accented UTF-8 names, descriptions with commas, quotes and
 * newlines, and ~5% of SKUs repeated later in the file in other letter case. Deterministic for a
 * seed. Returns the number of distinct SKUs (case-insensitively).
 */
export async function generateProductsCsv(
  file: string,
  rows: number,
  seed = 42,
  /** Appended to every name: the same file with every product changed. */
  nameSuffix = '',
): Promise<{ distinct: number; bytes: number }> {
  const random = rng(seed);
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]!;
  const out = createWriteStream(file);
  let bytes = 0;
  let buffer = 'sku,name,description,active\n';
  let next = 0;
  for (let i = 0; i < rows; i++) {
    let sku: string;
    if (i > 1000 && random() < 0.05) {
      const earlier = Math.floor(random() * next);
      const base = `SKU-${String(earlier).padStart(8, '0')}`;
      sku = random() < 0.5 ? base.toLowerCase() : `Sku-${base.slice(4)}`;
    } else {
      sku = `SKU-${String(next++).padStart(8, '0')}`;
    }
    const name = `${pick(WORDS)} ${pick(WORDS)} ${pick(WORDS)} ${Math.floor(random() * 1000)}${nameSuffix}`;
    let description = `${pick(WORDS)} ${pick(COLOURS)}, ${pick(WORDS)} and ${pick(WORDS)}; size ${Math.floor(random() * 200)} cm, weight ${(random() * 20).toFixed(2)} kg. ${pick(WORDS)} ${pick(WORDS)} ${pick(WORDS)} ${pick(WORDS)} ${pick(WORDS)} ${pick(WORDS)}.`;
    description += ` Made in ${pick(WORDS)} from ${pick(COLOURS)} ${pick(WORDS)}, ${pick(WORDS)} and ${pick(WORDS)}; ships in ${1 + Math.floor(random() * 9)} days.`;
    if (random() < 0.2) description += ` The "${pick(WORDS)}" edition.`;
    if (random() < 0.1) description += `\nCare: wipe with a damp cloth, ${pick(COLOURS)} finish.`;
    buffer += `${quote(sku)},${quote(name)},${quote(description)},${random() < 0.9 ? 'true' : 'false'}\n`;
    if (buffer.length > 1 << 20) {
      bytes += Buffer.byteLength(buffer);
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  bytes += Buffer.byteLength(buffer);
  out.end(buffer);
  await once(out, 'finish');
  return { distinct: next, bytes };
}
