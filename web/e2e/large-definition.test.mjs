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

  // Misspell the last Next (as a keystroke-sized edit) and time until the problem is listed (includes the 50 ms debounce).
  const started = Date.now();
  await playground.page.evaluate(() => {
    const view = document.querySelector("[data-testid=definition-editor]").aslEditor;
    const text = view.state.doc.toString();
    const at = text.indexOf('"Next": "Step199"') + '"Next": "'.length;
    view.dispatch({ changes: { from: at, to: at + 7, insert: "Stpe199" } });
  });
  await playground.waitForProblem("Stpe199");
  console.log(`200 states: problem listed ${Date.now() - started} ms after the edit (50 ms of it is the debounce)`);
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

// Issue 15's typing goal: a keystroke's work (validation, diagnostics, graph layout and the SVG
// into the page; the "asl-validate" performance measure) under 16 ms at 200 states and under 50 ms
// at 1,000. Reported, never asserted (BENCHMARKS.md has the figures): timings vary by machine.
test("typing cost at 200 and 1,000 states (asl-validate performance measures)", async () => {
  const playground = await Playground.open(env.browser, env.server.url);
  for (const count of [200, 1000]) {
    await playground.replaceText("definition", chain(count));
    await playground.page.locator(".definition-pane h2", { hasText: `${count} states` }).waitFor({ timeout: 20000 });
    await playground.waitForNoProblems();
    await playground.page.evaluate(() => performance.clearMeasures("asl-validate"));
    for (let edit = 0; edit < 12; edit++) {
      // A keystroke: one character of a Comment in the middle state, then wait for its validation.
      await playground.page.evaluate(([middle, edit]) => {
        const view = document.querySelector("[data-testid=definition-editor]").aslEditor;
        const text = view.state.doc.toString();
        const at = text.indexOf(`"Step${middle}": {`) + `"Step${middle}": {`.length;
        view.dispatch({ changes: { from: at, to: at, insert: edit === 0 ? ' "Comment": "x",' : "" } });
        if (edit > 0) {
          const quote = view.state.doc.toString().indexOf('"x', at) + 2;
          view.dispatch({ changes: { from: quote, to: quote, insert: "y" } });
        }
      }, [Math.floor(count / 2), edit]);
      await playground.page.waitForFunction((want) => performance.getEntriesByName("asl-validate").length >= want, edit + 1, { timeout: 20000 });
    }
    const durations = await playground.page.evaluate(() => performance.getEntriesByName("asl-validate").map((entry) => entry.duration));
    assert.ok(durations.length >= 12, `${durations.length} keystrokes measured`);
    const sorted = [...durations].sort((a, b) => a - b);
    console.log(
      `${count} states: a keystroke's work takes ${sorted[Math.floor(sorted.length / 2)].toFixed(1)} ms (median of ${sorted.length}), ` +
        `${sorted[sorted.length - 1].toFixed(1)} ms at most (goal: 16 ms at 200 states, 50 ms at 1,000)`,
    );
    await playground.waitForNoProblems();
  }
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
