// The release build works as static files under any sub-path of a docs site.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useServerAndBrowser, Playground } from "./fixtures/playground.mjs";

const env = useServerAndBrowser("/docs/tools/step-functions/playground/");

test("loads and runs from a sub-path", async () => {
  const playground = await Playground.open(env.browser, env.server.url);
  await playground.run();
  assert.equal(await playground.status(), "SUCCEEDED");
  assert.deepEqual(playground.consoleErrors, []);
  await playground.close();
});
