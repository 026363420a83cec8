// The webhook screens in headless Chromium against a real receiver: create an endpoint (the
// secret shown once verifies what arrives), send a test event that fails once and is retried,
// redeliver it, replay a dead letter, filter the log, disable the endpoint.
import assert from "node:assert/strict";
import { browserTest, eventually, firstRun } from "./helpers/dashboard.ts";
import { startReceiver, verifyHit } from "./helpers/webhook_receiver.ts";

browserTest(
  "dashboard: webhooks list and editor, test event, delivery log, redeliver, replay",
  "webhooks",
  async (h) => {
    const { page, shot } = h;
    const receiver = await startReceiver((_hit, n) =>
      n === 1 ? new Response("not yet", { status: 500 }) : new Response("ok")
    );
    try {
      await firstRun(page, h.server.url);
      const workspaceId = page.url().split("/w/")[1]!.split("/")[0]!;

      await page.getByRole("link", { name: "Webhooks" }).click();
      await page.getByText("No webhooks").waitFor();
      await page.getByRole("button", { name: "New webhook" }).first().click();
      await page.getByLabel("Endpoint URL").fill("ftp://nope");
      await page.getByRole("button", { name: "Create webhook" }).click();
      await page.getByText(/url "ftp:\/\/nope" must use http or https/).first().waitFor();
      await page.getByLabel("Endpoint URL").fill(receiver.url);
      await page.getByLabel("Description").fill("CI notifications");
      await page.getByLabel("Events").fill("config.*, webhook.test");
      await page.getByRole("button", { name: "Create webhook" }).click();
      const secret = (await page.getByTestId("new-webhook-secret").textContent())!.trim();
      assert.match(secret, /^whsec_/);
      await page.getByRole("cell", { name: /config\.\*, webhook\.test/ }).waitFor();
      await shot("60-webhooks");

      // The delivery log: the test event fails once (500), then the retry delivers it.
      await page.getByRole("link", { name: `127.0.0.1:${receiver.port}` }).click();
      await page.getByText("No deliveries yet").waitFor();
      await page.getByRole("button", { name: "Send test event" }).click();
      await page.getByText("Test event queued").waitFor();
      const rows = page.getByTestId("delivery");
      await rows.first().getByText("500", { exact: true }).waitFor();
      await rows.first().getByText("delivered").waitFor({ timeout: 20_000 });
      await eventually(
        "the receiver to accept the test event",
        () => receiver.accepted().length === 1,
      );
      const event = verifyHit(secret, receiver.accepted()[0]!) as { type: string; id: string };
      assert.equal(event.type, "webhook.test");
      await rows.first().getByText("Body").click();
      await rows.first().getByText("ok", { exact: true }).waitFor();
      await shot("61-webhook-deliveries");

      // Redeliver: a new row, the same webhook-id.
      await rows.first().getByRole("button", { name: "Redeliver" }).click();
      await page.getByText("Redelivering webhook.test").waitFor();
      await eventually("the redelivery", () => receiver.accepted().length === 2);
      assert.equal(receiver.accepted()[1]!.id, event.id);
      await eventually("two delivered rows", async () => (await rows.count()) === 2);

      // A dead letter (its retries take a day, so the test marks one), replayed from the page.
      await h.server.store.write((tx) =>
        tx.db.run(`UPDATE webhook_deliveries SET state = 'dead' WHERE seq = (
          SELECT min(seq) FROM webhook_deliveries)`)
      );
      await page.getByLabel("Show").selectOption("dead");
      await rows.first().getByText("dead letter").waitFor();
      await eventually("only the dead letter", async () => (await rows.count()) === 1);
      await shot("62-webhook-dead-letter");
      await page.getByRole("button", { name: "Replay dead letters" }).click();
      await page.getByRole("dialog").getByRole("button", { name: "Replay" }).click();
      await page.getByText("Replaying 1 dead letter").waitFor();
      await eventually("the replay", () => receiver.accepted().length === 3);
      await page.getByText("No deliveries yet").waitFor();
      await page.getByLabel("Show").selectOption("");

      // The editor: disable it.
      await page.getByRole("button", { name: "Edit" }).click();
      await page.getByLabel("Enabled").uncheck();
      await page.getByRole("button", { name: "Save webhook" }).click();
      await page.getByText("Saved the webhook").waitFor();
      await page.getByText("disabled", { exact: true }).waitFor();
      const listed = await fetch(`${h.server.url}/api/admin/v1/workspaces/${workspaceId}/webhooks`);
      assert.equal(listed.status, 401, "the page's cookie, not an open route");
      await listed.body?.cancel();
      assert.deepEqual(h.pageErrors, []);
    } finally {
      await receiver.stop();
    }
  },
  { WEBHOOK_ALLOW_PRIVATE: "true" },
);
