// `dialtone verify`: walks every hash chain of this machine's database (config versions and the
// audit log, src/service/verify.ts) and reports the first broken link of each; exit code 1 when
// one is broken. It works while the server runs.
import { createLogger } from "../log.ts";
import { openPrimaryStore } from "../server.ts";
import type { AuditBreak, VersionBreak } from "../store/repos/history_chain.ts";
import { type HistoryReport, verifyAllHistory } from "../service/verify.ts";
import { boolFlag, noMore, type Parsed } from "./args.ts";
import { CliFailure } from "./errors.ts";
import type { Io } from "./io.ts";
import { settings } from "./operator.ts";

const WHAT = {
  link: "its prev_hash is not the hash of the row before it (a row was removed, added or " +
    "rewritten before it)",
  content: "its columns do not give its stored hash (the row was edited)",
  missing: "versions at the end of the chain are gone",
};

function describeVersion(b: VersionBreak): string {
  return `config "${b.configName}" (${b.configId}) version ${b.version}, row ${b.rowId}: ` +
    `${WHAT[b.problem]}; expected ${b.expected ?? "none"}, found ${b.found ?? "none"}`;
}

function describeAudit(b: AuditBreak): string {
  const chain = b.workspaceId === null ? "without a workspace" : `of workspace ${b.workspaceId}`;
  return `audit entry ${b.id} (${chain}): ${WHAT[b.problem]}; ` +
    `expected ${b.expected ?? "none"}, found ${b.found ?? "none"}`;
}

function summary(r: HistoryReport): string[] {
  const v = r.configVersions;
  const a = r.auditLog;
  return [
    ...(r.sealed > 0 ? [`Sealed ${r.sealed} rows written before the chains existed.`] : []),
    `Config versions: ${v.rows} rows in ${v.chains} chains: ` +
    (v.firstBroken ? `BROKEN at ${describeVersion(v.firstBroken)}` : "intact"),
    `Audit log: ${a.rows} rows in ${a.chains} chains: ` +
    (a.firstBroken ? `BROKEN at ${describeAudit(a.firstBroken)}` : "intact"),
  ];
}

export async function verifyCommand(p: Parsed, io: Io): Promise<void> {
  noMore(p, 0);
  const config = settings(p, io);
  const database = `${config.dataDir}/dialtone.db`;
  if (!config.databaseUrl && !(await Deno.stat(database).then(() => true, () => false))) {
    throw new CliFailure(`There is no database at ${database}: is DATA_DIR (--data-dir) right?`);
  }
  const log = createLogger({ level: "warn", format: config.logFormat });
  const store = await openPrimaryStore(config, log);
  let report: HistoryReport;
  try {
    report = await verifyAllHistory(store);
  } finally {
    await store.close();
  }
  if (boolFlag(p, "json")) io.out(JSON.stringify(report, null, 2));
  else for (const line of summary(report)) io.out(line);
  if (!report.ok) throw new CliFailure("The history does not verify: a chain is broken");
}
