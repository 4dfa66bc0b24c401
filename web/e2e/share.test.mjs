// Sharing: a link holds the whole workspace; opening it shows that workspace exactly and keeps
// the user's own work, one switch away. A MockConfigFile exported and imported again gives the
// same run. Served under a sub-path, as on a docs site.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { useServerAndBrowser, Playground, selectExample } from "./fixtures/playground.mjs";

const env = useServerAndBrowser("/docs/tools/playground/");

async function workspace(playground) {
  const page = playground.page;
  return {
    definition: await playground.text("definition"),
    input: await playground.text("input"),
    mocks: await playground.text("mocks"),
    startTime: await page.locator("[data-testid=start-time]").inputValue(),
    seed: await page.locator("[data-testid=seed]").inputValue(),
  };
}

test("a share link round-trips the workspace and leaves the user's work intact", async () => {
  const sharer = await Playground.open(env.browser, env.server.url);
  const page = sharer.page;
  await selectExample(page, "order-payment-failed");
  await page.locator("[data-testid=settings] summary, details.settings summary").first().click();
  await page.locator("[data-testid=start-time]").fill("2025-06-01T12:00:00Z");
  await page.locator("[data-testid=start-time]").dispatchEvent("change");
  await page.locator("[data-testid=seed]").fill("7");
  await page.locator("[data-testid=seed]").dispatchEvent("change");
  await sharer.replaceText("input", '{"orderId": "shared-é😀", "amount": 5}\n');
  const shared = await workspace(sharer);
  await page.locator("[data-testid=share]").click();
  const link = await page.locator("[data-testid=share-link]").inputValue();
  assert.match(link, /#s=[A-Za-z0-9_-]+$/);
  assert.ok(link.startsWith(env.server.url), link);

  // Someone else, with work of their own in this browser.
  const other = await Playground.open(env.browser, env.server.url);
  await other.replaceText("input", '{"mine": true}\n');
  const mine = await workspace(other);
  await other.page.goto(link);
  await other.page.waitForSelector("body[data-shared=true]");
  assert.deepEqual(await workspace(other), shared, "the shared workspace, exactly");
  assert.ok(!(await other.page.evaluate(() => location.hash)), "the fragment is cleared after opening");
  await other.run();
  assert.equal(await other.status(), "SUCCEEDED");
  assert.deepEqual(await other.path(), ["ProcessPayment", "NotifyPaymentFailure"]);

  // The user's own work is kept, one switch away; the shared one too.
  const select = other.page.locator("[data-testid=workspaces]");
  await other.page.locator("[data-testid=workspace-menu]").click();
  assert.equal(await select.inputValue(), "Shared link");
  await select.selectOption("My work");
  assert.equal((await workspace(other)).input, mine.input);
  await select.selectOption("Shared link");
  assert.deepEqual(await workspace(other), shared);
  // A reload keeps the workspace that is open, and does not import the link again.
  await other.page.reload();
  await other.ready();
  assert.equal((await workspace(other)).input, shared.input);
  assert.deepEqual(sharer.consoleErrors, []);
  assert.deepEqual(other.consoleErrors, []);
  await sharer.close();
  await other.close();
});

test("a MockConfigFile exported and imported again gives the same run", async () => {
  const playground = await Playground.open(env.browser, env.server.url);
  const page = playground.page;
  await selectExample(page, "order-payment-failed");
  await playground.run();
  const before = { status: await playground.status(), path: await playground.path() };
  await page.locator("[data-testid=workspace-menu]").click();
  const [download] = await Promise.all([page.waitForEvent("download"), page.locator("[data-testid=export-mock-config]").click()]);
  const file = await download.path();
  const config = JSON.parse(await readFile(file, "utf8"));
  assert.ok(config.StateMachines && config.MockedResponses, "a MockConfigFile");
  await playground.replaceText("mocks", "{}\n");
  await page.locator("[data-testid=import-file]").setInputFiles(file);
  await page.locator("[data-testid=share-status]", { hasText: "Imported the mocks" }).waitFor();
  await playground.run();
  assert.deepEqual({ status: await playground.status(), path: await playground.path() }, before);
  assert.deepEqual(before.path, ["ProcessPayment", "NotifyPaymentFailure"]);
  assert.deepEqual(playground.consoleErrors, []);
  await playground.close();
});
