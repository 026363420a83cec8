// postgres.js behind the Db interface. Statements are prepared and cached per connection.
import type postgres from "postgres";
import type { Db, Param } from "../db.ts";

export function pgDb(sql: postgres.Sql | postgres.TransactionSql | postgres.ReservedSql): Db {
  const all = <T>(query: string, params: Param[] = []) =>
    sql.unsafe(query, params as postgres.ParameterOrJSON<never>[], {
      prepare: true,
    }) as unknown as Promise<T[]>;
  return {
    all,
    get: async <T>(query: string, params: Param[] = []) => (await all<T>(query, params))[0],
    run: async (query: string, params: Param[] = []) => {
      const result = await sql.unsafe(query, params as postgres.ParameterOrJSON<never>[], {
        prepare: true,
      });
      return result.count;
    },
  };
}
