import { Schema } from 'mongoose';

/**
 * Report counters (storage/reportCounters.ts, storage/README.md "Report counters"): one document per
 * workspace, counter family, UTC day and shard of customers, holding that day's counters of the shard's customers. A report
 * reads a range's documents by `_id` and sums them; it never filters or aggregates.
 */
export const reportCounterSchema = new Schema(
  {
    /** reportCounterKey(workspace, family, day, shard): `${workspace}:${family}:${day}:${shard}`. */
    _id: { type: String, required: true },
    workspace: { type: String, required: true },
    /** Which counters (domain/reports/reportCounters.ts, counterFamily): `cp`, `u|<scope>`, `f|<journey>`. */
    family: { type: String, required: true },
    /** The UTC day, `YYYY-MM-DD`. */
    day: { type: String, required: true },
    /** murmurHash3(customerId) mod REPORT_COUNTER_SHARDS. */
    shard: { type: Number, required: true },
    /** bucket → counter key → count (neither has a `.`: keyPart), nested by bucket (counterPath). */
    c: { type: Schema.Types.Mixed, default: {} },
    /** Batches applied to this document (numbers the marks). */
    n: { type: Number },
    /** Customer tag → [the last batch `seq` of that customer applied here, the `n` it made]: the last MARKS_KEPT. */
    marks: { type: Schema.Types.Mixed },
    /** Legacy marks of documents written before MARKS_KEPT: hour written (`hYYYYMMDDHH`) → tag → seq. */
    seen: { type: Schema.Types.Mixed },
  },
  { versionKey: false, minimize: false },
);
