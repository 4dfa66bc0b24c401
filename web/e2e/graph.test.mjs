// A user learns the workflow from its graph: it follows the editor both ways and shows the run.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useServerAndBrowser, Playground, selectExample } from "./fixtures/playground.mjs";

const env = useServerAndBrowser();

const node = (playground, name) => playground.page.locator(`[data-testid=graph] g.node[data-name="${name}"]`);

test("the graph shows every state; clicking a node moves the editor to it", async () => {
  const playground = await Playground.open(env.browser, env.server.url);
  for (const name of ["ProcessPayment", "UpdateInventory", "NotifyPaymentSuccess", "NotifyPaymentFailure"]) {
    assert.equal(await node(playground, name).count(), 1, name);
  }
  assert.equal(await playground.page.locator("[data-testid=graph] .edge-label", { hasText: "PaymentFailedError" }).count(), 1);
  const definition = await playground.text("definition");
  const line = definition.split("\n").findIndex((text) => text.includes('"NotifyPaymentFailure": {')) + 1;
  await node(playground, "NotifyPaymentFailure").click();
  assert.equal(await playground.cursorLine("definition"), line);
  assert.match(await node(playground, "NotifyPaymentFailure").getAttribute("class"), /selected/);
  assert.equal(await node(playground, "NotifyPaymentFailure").getAttribute("aria-label"), "NotifyPaymentFailure Task");
  await playground.close();
});

test("moving the cursor in the editor highlights the state's node", async () => {
  const playground = await Playground.open(env.browser, env.server.url);
  const definition = await playground.text("definition");
  const line = definition.split("\n").findIndex((text) => text.includes('"UpdateInventory": {')) + 2;
  await playground.editor("definition").locator(".cm-line").nth(line - 1).click();
  await playground.page.waitForFunction(
    () => document.querySelector('[data-testid=graph] g.node[data-name="UpdateInventory"]')?.classList.contains("selected"),
  );
  assert.doesNotMatch(await node(playground, "ProcessPayment").getAttribute("class"), /selected/);
  await playground.close();
});

test("after a run the nodes show what happened, and edits redraw the graph", async () => {
  const playground = await Playground.open(env.browser, env.server.url);
  await selectExample(playground.page, "order-payment-failed");
  await playground.run();
  await playground.page.waitForSelector('[data-testid=graph] g.node.status-caught[data-name="ProcessPayment"]');
  assert.match(await node(playground, "NotifyPaymentFailure").getAttribute("class"), /status-succeeded/);
  assert.match(await node(playground, "UpdateInventory").getAttribute("class"), /not-reached/);
  assert.equal(await playground.page.locator("[data-testid=graph] .legend").count(), 1);
  console.log(`screenshot: ${await playground.screenshot("graph-after-run")}`);

  // Broken JSON keeps the last drawing, dimmed, with a note; fixing it redraws.
  await playground.typeAtEndOfLine("definition", 4, ",");
  await playground.page.locator("[data-testid=graph-stale]").waitFor();
  assert.equal(await node(playground, "ProcessPayment").count(), 1);
  await playground.page.keyboard.press("Backspace");
  await playground.page.locator("[data-testid=graph-stale]").waitFor({ state: "detached" });
  await playground.close();
});

test("a 200-state definition is laid out quickly", async () => {
  const playground = await Playground.open(env.browser, env.server.url);
  // A Choice every 10 states (the slowest shape for dagre); `shift` moves the Choices, so that
  // every variant has a structure of its own and misses the layout cache.
  const choiceEvery10 = (shift) => {
    const states = {};
    for (let index = 0; index < 200; index++) {
      states[`S${index}`] = index === 199 ? { Type: "Succeed" }
        : index % 10 === (5 + shift) % 10 ? { Type: "Choice", Choices: [{ Variable: "$.n", NumericGreaterThan: index, Next: `S${Math.min(index + 3, 199)}` }], Default: `S${index + 1}` }
        : { Type: "Pass", Next: `S${index + 1}` };
    }
    return JSON.stringify({ StartAt: "S0", States: states }, null, 1);
  };
  const graph = playground.page.locator("[data-testid=graph]");
  // Waits for this definition's own drawing (not the previous one's) before reading its times.
  const draw = async (text, last = "S199") => {
    const before = await graph.getAttribute("data-draws");
    await playground.replaceText("definition", text);
    await playground.page.waitForFunction((b) => document.querySelector("[data-testid=graph]").dataset.draws !== b, before);
    await playground.page.locator(`[data-testid=graph] g.node[data-name=${last}]`).waitFor();
    return [Number(await graph.getAttribute("data-layout-ms")), Number(await graph.getAttribute("data-svg-ms"))];
  };
  const [cold, coldSvg] = await draw(choiceEvery10(0));
  assert.equal(await playground.page.locator("[data-testid=graph] g.node").count(), 200);
  // A keystroke-sized edit that keeps the structure: the layout comes from the cache.
  const draws = await graph.getAttribute("data-draws");
  await playground.typeAtEndOfLine("definition", 1, " ");
  await playground.page.waitForFunction((before) => document.querySelector("[data-testid=graph]").dataset.draws !== before, draws);
  const warm = Number(await graph.getAttribute("data-layout-ms"));
  const warmSvg = Number(await graph.getAttribute("data-svg-ms"));
  // Nine more 200-state definitions of the same shape, none of them in the cache.
  const uncached = [];
  for (let shift = 1; shift < 10; shift++) uncached.push((await draw(choiceEvery10(shift)))[0]);
  uncached.sort((a, b) => a - b);
  const median = uncached[Math.floor(uncached.length / 2)];
  // Reported, not asserted (timings are measured, never part of a pass/fail): see issue #6.
  console.log(`200 states, a Choice every 10: layout ${cold.toFixed(1)} ms cold (SVG ${coldSvg.toFixed(1)} ms), layout ${warm.toFixed(1)} ms from the cache (SVG ${warmSvg.toFixed(1)} ms), in headless Chromium`);
  console.log(`200 states, a Choice every 10, 9 more uncached layouts: median ${median.toFixed(1)} ms, min ${uncached[0].toFixed(1)} ms, max ${uncached[uncached.length - 1].toFixed(1)} ms`);

  // Two more shapes of 200 states, for the record: a plain sequence, and 10 Parallel branches of 20.
  const sequence = {};
  for (let index = 0; index < 200; index++) sequence[`S${index}`] = index === 199 ? { Type: "Succeed" } : { Type: "Pass", Next: `S${index + 1}` };
  const branches = Array.from({ length: 10 }, (_, b) => {
    const states = {};
    for (let index = 0; index < 20; index++) states[`B${b}S${index}`] = index === 19 ? { Type: "Succeed" } : { Type: "Pass", Next: `B${b}S${index + 1}` };
    return { StartAt: `B${b}S0`, States: states };
  });
  for (const [shape, definition, last] of [
    ["a plain sequence", { StartAt: "S0", States: sequence }, "S199"],
    ["10 Parallel branches of 20", { StartAt: "Fan", States: { Fan: { Type: "Parallel", Branches: branches, End: true } } }, "B9S19"],
  ]) {
    const [layoutMs, svgMs] = await draw(JSON.stringify(definition, null, 1), last);
    console.log(`200 states, ${shape}: layout ${layoutMs.toFixed(1)} ms cold (SVG ${svgMs.toFixed(1)} ms)`);
  }
  await playground.close();
});
