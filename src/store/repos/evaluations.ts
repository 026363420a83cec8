// Evaluation counts (migrations/*/0003_evaluation_counts.sql): hourly buckets that every
// instance adds to, read back as "evaluated N times in the last 24 h, last at T".
import type { Db } from "../db.ts";

/** What one instance counted for one variant since its last flush. */
export type EvaluationDelta = {
  projectId: string;
  environmentId: string;
  configName: string;
  variant: string;
  /** Hours since the Unix epoch. */
  hour: number;
  count: number;
  lastEvaluatedAt: string;
};

export type VariantCount = {
  environmentId: string;
  variant: string;
  /** Evaluations in the buckets from `sinceHour` on. */
  count: number;
  /** The newest evaluation in any kept bucket, or null when none is kept. */
  lastEvaluatedAt: string | null;
};

type Row = { environment_id: string; variant: string; count: number; last: string | null };

export function evaluationsRepo(db: Db) {
  return {
    /** Adds the counts: rows another instance wrote already are incremented, not replaced. */
    async add(deltas: EvaluationDelta[]): Promise<void> {
      for (const d of deltas) {
        await db.run(
          `INSERT INTO evaluation_counts (project_id, environment_id, config_name, variant, hour,
             count, last_evaluated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (environment_id, config_name, variant, hour) DO UPDATE SET
             count = evaluation_counts.count + excluded.count,
             last_evaluated_at = CASE
               WHEN excluded.last_evaluated_at > evaluation_counts.last_evaluated_at
               THEN excluded.last_evaluated_at ELSE evaluation_counts.last_evaluated_at END`,
          [
            d.projectId,
            d.environmentId,
            d.configName,
            d.variant,
            d.hour,
            d.count,
            d.lastEvaluatedAt,
          ],
        );
      }
    },

    /** One row per environment and variant the config was evaluated in (any kept hour). */
    async forConfig(projectId: string, name: string, sinceHour: number): Promise<VariantCount[]> {
      const rows = await db.all<Row>(
        `SELECT environment_id, variant,
           sum(CASE WHEN hour >= $3 THEN count ELSE 0 END) AS count,
           max(last_evaluated_at) AS last
         FROM evaluation_counts WHERE project_id = $1 AND config_name = $2
         GROUP BY environment_id, variant ORDER BY environment_id, variant`,
        [projectId, name, sinceHour],
      );
      return rows.map((r) => ({
        environmentId: r.environment_id,
        variant: r.variant,
        count: Number(r.count),
        lastEvaluatedAt: r.last === null ? null : new Date(r.last).toISOString(),
      }));
    },

    /** Deletes the buckets before `beforeHour`. */
    async prune(beforeHour: number): Promise<number> {
      return await db.run(`DELETE FROM evaluation_counts WHERE hour < $1`, [beforeHour]);
    },
  };
}
