import { freshDatabase, pgUnavailable } from "../../../tests/helpers/pg.ts";
import { storeContract } from "../store_contract.ts";
import { openPostgresStore } from "./postgres_store.ts";

storeContract("postgres", async () => {
  const database = await freshDatabase();
  return {
    open: () => openPostgresStore({ url: database.url, maxConnections: 4 }),
    cleanup: database.drop,
  };
}, pgUnavailable);
