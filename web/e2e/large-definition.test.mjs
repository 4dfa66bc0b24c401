// A 200-state definition stays responsive: diagnostics follow typing without lag.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useServerAndBrowser, Playground } from "./fixtures/playground.mjs";

const env = useServerAndBrowser();

function chain(count) {
  const states = {};
  for (let index = 0; index < count; index++) {
    states[`Step${index}`] = index + 1 < count
      ? { Type: "Pass", Parameters: { "n.$": "States.MathAdd($.n, 1)" }, Next: `Step${index + 1}` }
      : { Type: "Succeed" };
  }
  return JSON.stringify({ StartAt: "Step0", States: states }, null, 2);
}

test("a 200-state definition validates as you type and runs", async () => {
  const playground = await Playground.open(env.browser, env.server.url);
  await playground.replaceText("definition", chain(200));
  await playground.replaceText("input", '{"n": 0}');
  await playground.page.locator(".definition-pane h2", { hasText: "200 states" }).waitFor();
  await playground.waitForNoProblems();

  // Misspell the last Next (as a keystroke-sized edit) and time until the problem is listed (includes the 150 ms debounce).
  const started = Date.now();
  await playground.page.evaluate(() => {
    const view = document.querySelector("[data-testid=definition-editor]").aslEditor;
    const text = view.state.doc.toString();
    const at = text.indexOf('"Next": "Step199"') + '"Next": "'.length;
    view.dispatch({ changes: { from: at, to: at + 7, insert: "Stpe199" } });
  });
  await playground.waitForProblem("Stpe199");
  console.log(`200 states: problem listed ${Date.now() - started} ms after the edit (150 ms of it is the debounce)`);
  assert.match(await playground.problems().first().innerText(), /did you mean "Step199"/);

  await playground.page.evaluate(() => {
    const view = document.querySelector("[data-testid=definition-editor]").aslEditor;
    const at = view.state.doc.toString().indexOf("Stpe199");
    view.dispatch({ changes: { from: at, to: at + 7, insert: "Step199" } });
  });
  await playground.waitForNoProblems();
  await playground.run();
  assert.equal(await playground.status(), "SUCCEEDED");
  assert.deepEqual(await playground.output(), { n: 199 });
  await playground.close();
});

test("a narrow screen stacks the panes", async () => {
  const context = await env.browser.newContext({ viewport: { width: 420, height: 900 } });
  const page = await context.newPage();
  const playground = new Playground(page);
  await page.goto(env.server.url);
  await playground.ready();
  const editors = await page.locator(".editors").boundingBox();
  const results = await page.locator(".results").boundingBox();
  assert.ok(results.y >= editors.y + editors.height - 1, "the results come below the editors");
  assert.ok(editors.width <= 420);
  console.log(`screenshot: ${await playground.screenshot("narrow-screen")}`);
  await context.close();
});
