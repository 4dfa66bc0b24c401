// How fast the debugger is on a long execution: loop-10000 of ../shared/bench with AWS's
// limits on stops at 25,000 history events. The figures are printed for the report; no test
// asserts a time (timings belong in benchmarks), only that each move completes and lands
// where it should.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useServerAndBrowser, Playground } from "./fixtures/playground.mjs";

const env = useServerAndBrowser();

const LOOP = {
  Comment: "Counter loop, 10000 iterations (Pass + Choice), as loop-10000 of ../shared/bench",
  StartAt: "Increment",
  States: {
    Increment: { Type: "Pass", Parameters: { "i.$": "States.MathAdd($.i, 1)" }, Next: "CheckDone" },
    CheckDone: { Type: "Choice", Choices: [{ Variable: "$.i", NumericLessThan: 10000, Next: "Increment" }], Default: "Done" },
    Done: { Type: "Succeed" },
  },
};

test("loop-10000: a plain run, the same with the debugger open, and moves in 25,000 events", async () => {
  const playground = await Playground.open(env.browser, env.server.url);
  await playground.replaceText("definition", JSON.stringify(LOOP, null, 2));
  await playground.replaceText("input", '{"i": 0}');
  await playground.replaceText("mocks", "{}");
  await playground.waitForNoProblems();

  const plainStart = Date.now();
  await playground.run();
  const plainMs = Date.now() - plainStart;
  assert.equal(await playground.status(), "FAILED", "AWS's history limit stops it");
  // The path summarises the loop's rounds instead of listing 12,500 transitions.
  const path = await playground.path();
  assert.ok(path.length < 5, path.join(" | "));
  assert.match(path[0], /Increment → CheckDone ×\d{4}/);

  await playground.debug();
  const continueStart = Date.now();
  const continuePageMs = await playground.continue();
  const continueMs = Date.now() - continueStart;
  const label = playground.page.locator("[data-testid=scrubber-label]");
  const total = Number((await label.innerText()).match(/of (\d+)/)[1]);
  assert.ok(total > 25000, `${total} events`);

  const moves = {};
  moves.toFirst = await playground.debugAction("scrub-first");
  assert.equal(await label.innerText(), `event 1 of ${total}`);
  moves.toLast = await playground.debugAction("scrub-last");
  // The middle, through the range input as a user drags it.
  const before = await playground.moves();
  await playground.page.locator("[data-testid=scrubber]").fill(String(Math.floor(total / 2)));
  await playground.page.waitForFunction((before) => Number(document.querySelector("[data-testid=debugger]").getAttribute("data-moves")) > before, before);
  moves.toMiddle = Number(await playground.debuggerPane().getAttribute("data-move-ms"));
  moves.stepBack = await playground.back();
  moves.stepBackCore = playground.lastCoreMs;
  for (const part of ["decorations", "redraw", "inspector", "events"]) {
    moves[`stepBack_${part}`] = Number(await playground.debuggerPane().getAttribute(`data-${part}-ms`));
  }
  moves.stepForward = await playground.step();
  moves.stepForwardCore = playground.lastCoreMs;
  console.log(
    `debugger figures (loop-10000, ${total} events): plain Run ${plainMs} ms; Continue with the debugger ${continueMs} ms (${continuePageMs} ms in the page); ` +
      Object.entries(moves).map(([name, ms]) => `${name} ${ms} ms`).join(", "),
  );
  await playground.close();
});
