import { storeContract } from "../store_contract.ts";
import { openSqliteStore } from "./sqlite_store.ts";

storeContract("sqlite", async () => {
  const dir = await Deno.makeTempDir({ prefix: "dialtone-store-" });
  return {
    open: () => openSqliteStore(`${dir}/dialtone.db`),
    cleanup: () => Deno.remove(dir, { recursive: true }),
  };
});
