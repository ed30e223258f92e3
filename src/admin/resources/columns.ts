import type { PropertyOptions } from 'adminjs';
import { Components } from '../componentLoader.js';

/**
 * How the panel shows a column (admin-components/format.ts writes the values): counts with
 * thousands separators and never wrapped, statuses as badges coloured by meaning, names, e-mails
 * and URLs on one line. Dates need nothing here: every datetime column uses one format already.
 */
export const numberColumn: PropertyOptions = { components: { list: Components.NumberValue, show: Components.NumberValue } };
export const statusColumn: PropertyOptions = { components: { list: Components.StatusValue, show: Components.StatusValue } };
export const oneLineColumn: PropertyOptions = { components: { list: Components.OneLineValue } };

/** A status column with its values offered in the filter. */
export const statusFilterColumn = (statuses: readonly string[]): PropertyOptions => ({
  ...statusColumn,
  availableValues: statuses.map((s) => ({ value: s, label: s[0]!.toUpperCase() + s.slice(1) })),
});

/** The same options for several columns: `{ ...columns(['a', 'b'], numberColumn) }`. */
export const columns = (names: readonly string[], options: PropertyOptions): Record<string, PropertyOptions> =>
  Object.fromEntries(names.map((n) => [n, options]));
