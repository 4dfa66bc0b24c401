// A new visitor opens the playground: the order workflow is there, valid, ready to run.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useServerAndBrowser, Playground } from "./fixtures/playground.mjs";

const env = useServerAndBrowser();

test("the order workflow example renders, valid, without errors in the console", async () => {
  const playground = await Playground.open(env.browser, env.server.url);
  const definition = await playground.text("definition");
  assert.match(definition, /"StartAt": "ProcessPayment"/);
  assert.match(definition, /PaymentFailedError/);
  await playground.waitForNoProblems();
  assert.match(await playground.page.locator(".definition-pane h2").innerText(), /4 states/);
  assert.match(await playground.text("mocks"), /"ProcessPayment"/);
  console.log(`first render of the example: ${(await playground.firstRenderMillis()).toFixed(0)} ms after navigation start`);
  console.log(`screenshot: ${await playground.screenshot("main-screen")}`);
  assert.deepEqual(playground.consoleErrors, []);
  await playground.close();
});

test("field names complete and explain themselves", async () => {
  const playground = await Playground.open(env.browser, env.server.url);
  await playground.typeAtEndOfLine("definition", 2, '\n  "Timeou');
  // Completion loads with the editor's extras on first focus: a key pressed before they are in
  // place does nothing, so ask again as a user would.
  const option = playground.page.locator(".cm-tooltip-autocomplete li", { hasText: "TimeoutSeconds" }).first();
  for (let attempt = 0; attempt < 5 && !(await option.isVisible()); attempt++) {
    await playground.page.keyboard.press("Control+Space");
    await option.waitFor({ timeout: 1000 }).catch(() => {});
  }
  await option.waitFor({ timeout: 5000 });
  assert.ok(await option.isVisible());
  await playground.close();
});

test("state names complete after Next", async () => {
  const playground = await Playground.open(env.browser, env.server.url);
  const definition = await playground.text("definition");
  const line = definition.split("\n").findIndex((text) => text.includes('"Next": "NotifyPaymentSuccess"')) + 1;
  // Retype the target of UpdateInventory's Next: the completion offers the state names.
  await playground.editor("definition").locator(".cm-line").nth(line - 1).click();
  await playground.page.keyboard.press("End");
  for (let index = 0; index < '"NotifyPaymentSuccess"'.length; index++) await playground.page.keyboard.press("Backspace");
  await playground.page.keyboard.type('"Notify');
  const option = playground.page.locator(".cm-tooltip-autocomplete li", { hasText: "NotifyPaymentFailure" }).first();
  // As above: keys typed before the extras are in place open no completion; ask again.
  for (let attempt = 0; attempt < 5 && !(await option.isVisible()); attempt++) {
    await option.waitFor({ timeout: 1000 }).catch(() => {});
    if (!(await option.isVisible())) await playground.page.keyboard.press("Control+Space");
  }
  await option.waitFor({ timeout: 5000 });
  assert.equal(await playground.page.locator(".cm-tooltip-autocomplete li", { hasText: "UpdateInventory" }).count(), 0, "only names that match");
  await playground.close();
});

test("hovering a field name explains it", async () => {
  const playground = await Playground.open(env.browser, env.server.url);
  const point = await playground.page.evaluate(() => {
    const view = document.querySelector("[data-testid=definition-editor]").aslEditor;
    const coords = view.coordsAtPos(view.state.doc.toString().indexOf("Catch") + 2);
    return { x: coords.left, y: (coords.top + coords.bottom) / 2 };
  });
  await playground.page.mouse.move(point.x - 30, point.y);
  await playground.page.mouse.move(point.x, point.y, { steps: 5 });
  const hover = playground.page.locator(".asl-hover");
  await hover.waitFor({ timeout: 5000 });
  assert.match(await hover.innerText(), /Catchers, tried in order/);
  await playground.close();
});
