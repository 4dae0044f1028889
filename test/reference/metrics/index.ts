/**
 * A second, independent implementation of the CS metrics of docs/metrics.md in plain
 * TypeScript, over raw rows (`fetchMetricTables`), used to check the SQL of engine/metrics/.
 * Each metric takes the tables and `ReferenceOptions` and returns rows with the SQL metric's
 * column names.
 */
export { referenceCohorts } from './cohorts.ts';
export { referenceCsat } from './csat.ts';
export type { Day, Period, PeriodUnit } from './dates.ts';
export { referenceLtv, type InvoiceRow, type ReferenceLtvParameters } from './ltv.ts';
export { referenceNps } from './nps.ts';
export type { Grouping, MetricRow, ReferenceOptions } from './options.ts';
export { referenceRetention } from './retention.ts';
export { fetchMetricTables, type MetricTables } from './tables.ts';
