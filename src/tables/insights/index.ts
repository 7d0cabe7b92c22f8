import { INSIGHT_TABLES } from './generated.js';
import { insightTable } from './table.js';

/** Every System Insights table generated from the spec (the three hand-written ones are apart). */
export const insightTables = INSIGHT_TABLES.map(insightTable);
