import type { Db } from '../../src/lib/db.js';

const ADJ = ['Red', 'Blue', 'Green', 'Oak', 'Steel', 'Soft', 'Large', 'Small', 'Vintage', 'Modern', 'Classic', 'Bright', 'Quiet'];
const NOUN = [
  'Chair',
  'Table',
  'Lamp',
  'Sofa',
  'Desk',
  'Shelf',
  'Towel',
  'Mug',
  'Rug',
  'Clock',
  'Bench',
  'Stool',
  'Vase',
  'Frame',
  'Mirror',
  'Basket',
  'Pillow',
];
const sqlArray = (xs: string[]) => `ARRAY[${xs.map((x) => `'${x}'`).join(',')}]`;

/**
 * N products in one statement (indexes and count triggers in place): names from word lists,
 * 10% inactive, spread-out timestamps; then VACUUM ANALYZE so plans are realistic.
 */
export async function seedProducts(db: Db, rows: number): Promise<void> {
  await db.raw(
    `INSERT INTO products (sku, name, description, active, created_at, updated_at)
     SELECT 'SKU-' || lpad(i::text, 7, '0'),
            (${sqlArray(ADJ)})[1 + i % ${ADJ.length}] || ' ' || (${sqlArray(NOUN)})[1 + (i / 7) % ${NOUN.length}] || ' ' || i,
            'A ' || lower((${sqlArray(ADJ)})[1 + (i / 3) % ${ADJ.length}]) || ' piece for everyday use, series ' || (i % 1000),
            i % 10 <> 0,
            now() - make_interval(secs => ${rows} - i), now() - make_interval(secs => ${rows} - i)
     FROM generate_series(1, ?) AS i`,
    [rows],
  );
  await db.raw('VACUUM ANALYZE products');
}
