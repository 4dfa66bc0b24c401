// The development server's page, as a new user first sees it (`scripts/check-playground.sh`
// starts `scripts/playground.sh` and calls this with its address): the default example is
// drawn, and Run takes it to SUCCEEDED, with no error on the console. Not a test file of the
// suite (that one runs against the release build in dist/).
import assert from "node:assert/strict";

import { launchBrowser } from "./fixtures/playground.mjs";

const address = process.argv[2];
assert.ok(address, "usage: node web/e2e/dev-server.mjs http://127.0.0.1:PORT/");
const browser = await launchBrowser();
try {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(String(error)));
  page.on("console", (message) => message.type() === "error" && errors.push(message.text()));
  await page.goto(address);
  await page.waitForSelector(".graph-canvas svg .node", { timeout: 120_000 });
  const nodes = await page.locator(".graph-canvas svg .node").count();
  await page.locator("[data-testid=run]").click();
  await page.locator("[data-testid=status]", { hasText: "SUCCEEDED" }).waitFor({ timeout: 60_000 });
  assert.deepEqual(errors, [], "errors on the page's console");
  console.log(`dev server: ${address} drew ${nodes} states, and Run ended SUCCEEDED`);
} finally {
  await browser.close();
}
