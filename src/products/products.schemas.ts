import { z } from 'zod';

/** Limits shared by the API, the panel and the CSV import. */
export const PRODUCT_LIMITS = { sku: 100, name: 500, description: 20_000 } as const;

export const productFields = {
  sku: z.string().trim().min(1, 'is required').max(PRODUCT_LIMITS.sku, `must be at most ${PRODUCT_LIMITS.sku} characters`),
  name: z.string().trim().min(1, 'is required').max(PRODUCT_LIMITS.name, `must be at most ${PRODUCT_LIMITS.name} characters`),
  description: z
    .string()
    .max(PRODUCT_LIMITS.description, `must be at most ${PRODUCT_LIMITS.description} characters`)
    .nullable(),
  active: z.boolean(),
};

/** A new product: sku and name required. */
export const createProductSchema = z.object({
  sku: productFields.sku,
  name: productFields.name,
  description: productFields.description.optional().default(null),
  active: productFields.active.optional().default(true),
});

/** A partial change (PATCH, panel edit). */
export const updateProductSchema = z.object(productFields).partial();

export type CreateProductInput = z.input<typeof createProductSchema>;
export type UpdateProductInput = z.input<typeof updateProductSchema>;

/** The product as the API and events show it. */
export interface Product {
  id: number;
  sku: string;
  name: string;
  description: string | null;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}
