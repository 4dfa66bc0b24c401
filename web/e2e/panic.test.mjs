// A bug in the wasm must not lose the user's work: a banner explains, typing still saves.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useServerAndBrowser, Playground } from "./fixtures/playground.mjs";

const env = useServerAndBrowser();

test("a panic shows a banner, and what the user types afterwards is still saved", async () => {
  const playground = await Playground.open(env.browser, env.server.url);
  await playground.page.evaluate(() => {
    try {
      window.wasmBindings.simulatePanicForTests();
    } catch (_) {
      // wasm traps after the panic hook has run
    }
  });
  const banner = playground.page.locator("[data-testid=panic-banner]");
  await banner.waitFor();
  assert.match(await banner.innerText(), /internal error.*simulated panic.*saved in this browser; reload/s);
  await playground.typeAtEndOfLine("definition", 1, ' "Comment": "typed after the panic",');
  await playground.page.reload();
  await playground.ready();
  assert.match(await playground.text("definition"), /typed after the panic/);
  assert.equal(await playground.page.locator("[data-testid=panic-banner]").count(), 0);
  await playground.close();
});
