// The release build works as static files under any sub-path of a docs site.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serveDist, launchBrowser, Playground } from "./fixtures/playground.mjs";

let server;
let browser;
before(async () => {
  server = await serveDist("/docs/tools/step-functions/playground/");
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test("loads and runs from a sub-path", async () => {
  const playground = await Playground.open(browser, server.url);
  await playground.run();
  assert.equal(await playground.status(), "SUCCEEDED");
  assert.deepEqual(playground.consoleErrors, []);
  await playground.close();
});
