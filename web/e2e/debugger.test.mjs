// A user steps through an execution: forward and back with the same data each time, a
// breakpoint, the inspector's stages, a Parallel's branch followed, a task answered by hand,
// and the timeline scrubber.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useServerAndBrowser, Playground } from "./fixtures/playground.mjs";

const env = useServerAndBrowser();

test("step forward three times, back twice, forward again: the inspector shows the same data", async () => {
  const playground = await Playground.open(env.browser, env.server.url);
  await playground.debug();
  assert.match(await playground.debugStatus(), /start/i);
  const seen = [];
  for (let step = 0; step < 3; step += 1) {
    await playground.step();
    seen.push(await playground.inspectorText());
  }
  assert.match(seen[0], /ProcessPayment/);
  assert.match(seen[1], /UpdateInventory/);
  assert.match(seen[2], /NotifyPaymentSuccess/);
  await playground.back();
  await playground.back();
  assert.equal(await playground.inspectorText(), seen[0], "two steps back: the first state's data, exactly");
  await playground.step();
  assert.equal(await playground.inspectorText(), seen[1], "forward again: the same data as the first time");
  await playground.step();
  assert.equal(await playground.inspectorText(), seen[2]);
  assert.deepEqual(playground.consoleErrors, []);
  await playground.close();
});

test("a breakpoint on UpdateInventory pauses before it, marked current; then its ResultPath stage", async () => {
  const playground = await Playground.open(env.browser, env.server.url);
  await playground.debug();
  await playground.page.locator('[data-testid=graph] [data-bp="/States/UpdateInventory"]').click();
  await playground.page.waitForSelector('[data-testid=graph] [data-id="/States/UpdateInventory"].breakpoint');
  await playground.continue();
  assert.match(await playground.debugStatus(), /breakpoint.*UpdateInventory/i);
  const node = playground.graphNode("/States/UpdateInventory");
  assert.match(await node.getAttribute("class"), /\bcurrent\b/);
  assert.match(await playground.page.locator("[data-testid=debug-next]").innerText(), /UpdateInventory/);
  console.log(`screenshot: ${await playground.screenshot("debugger-at-breakpoint")}`);
  // Run UpdateInventory: the inspector shows its stages, ResultPath included.
  await playground.step();
  const inspector = playground.page.locator("[data-testid=inspector]");
  assert.match(await inspector.locator("h3").innerText(), /UpdateInventory/);
  const resultPath = inspector.locator("[data-testid=stage-afterResultPath]");
  assert.match(await resultPath.innerText(), /After ResultPath/);
  assert.match(await resultPath.innerText(), /"reserved": 2/);
  const stages = await inspector.locator("[data-stage]").evaluateAll((nodes) => nodes.map((node) => node.dataset.stage));
  assert.deepEqual(stages.slice(0, 7), ["input", "afterInputPath", "afterParameters", "result", "afterResultSelector", "afterResultPath", "output"]);
  console.log(`screenshot: ${await playground.screenshot("debugger-inspector")}`);
  await playground.close();
});

const FAN = {
  StartAt: "Fan",
  States: {
    Fan: {
      Type: "Parallel",
      End: true,
      Branches: [
        { StartAt: "Left", States: { Left: { Type: "Pass", Result: { side: "left" }, Next: "LeftDone" }, LeftDone: { Type: "Pass", End: true } } },
        { StartAt: "Right", States: { Right: { Type: "Pass", Result: { side: "right" }, Next: "RightDone" }, RightDone: { Type: "Pass", End: true } } },
      ],
    },
  },
};

test("a Parallel: pick branch 2 and the graph and inspector follow it", async () => {
  const playground = await Playground.open(env.browser, env.server.url);
  await playground.replaceText("definition", JSON.stringify(FAN, null, 2));
  await playground.replaceText("mocks", "{}");
  await playground.waitForNoProblems();
  await playground.debug();
  await playground.continue();
  assert.match(await playground.debugStatus(), /ended/);
  await playground.graphNode("/States/Fan").click();
  const picker = playground.page.locator("[data-testid=run-picker-select]");
  await picker.waitFor();
  assert.match(await playground.page.locator("[data-testid=run-summary]").innerText(), /2 branches: 2 succeeded/);
  const before = await playground.moves();
  await picker.selectOption({ label: "Branch 2 (succeeded)" });
  await playground.page.waitForFunction(
    () => /branch 2 of Fan/.test(document.querySelector("[data-testid=inspector]")?.innerText || ""),
  );
  const inspector = await playground.inspectorText();
  assert.match(inspector, /RightDone/);
  assert.match(inspector, /branch 2 of Fan/);
  // Branch 1's states are not coloured as taken while branch 2 is followed.
  await playground.page.waitForFunction(() =>
    document.querySelector('[data-testid=graph] [data-id="/States/Fan/Branches/0/States/Left"]')?.classList.contains("not-reached"),
  );
  assert.match(await playground.graphNode("/States/Fan/Branches/1/States/Right").getAttribute("class"), /status-succeeded/);
  assert.ok(before >= 0);
  await playground.close();
});

const APPROVAL = {
  StartAt: "AskForApproval",
  States: {
    AskForApproval: {
      Type: "Task",
      Resource: "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
      Parameters: { QueueUrl: "https://sqs.us-east-1.amazonaws.com/123456789012/approvals", MessageBody: { "token.$": "$$.Task.Token" } },
      Catch: [{ ErrorEquals: ["Rejected"], ResultPath: "$.rejection", Next: "Rejected" }],
      Next: "Approved",
    },
    Approved: { Type: "Succeed" },
    Rejected: { Type: "Pass", End: true },
  },
};

test("a .waitForTaskToken task is answered by hand with a failure that a Catch handles", async () => {
  const playground = await Playground.open(env.browser, env.server.url);
  await playground.replaceText("definition", JSON.stringify(APPROVAL, null, 2));
  await playground.replaceText("mocks", "{}");
  await playground.waitForNoProblems();
  await playground.debug();
  await playground.continue();
  assert.match(await playground.debugStatus(), /AskForApproval is waiting for an answer/);
  const form = playground.page.locator("[data-testid=manual-answer]");
  assert.match(await form.innerText(), /Task token: [0-9a-f]{32}/);
  assert.match(await playground.graphNode("/States/AskForApproval").getAttribute("class"), /\bwaiting\b/);
  await form.locator("[data-testid=manual-error]").fill("Rejected");
  await form.locator("[data-testid=manual-cause]").fill("the manager said no");
  await playground.debugAction("manual-fail");
  await playground.continue();
  assert.equal(await playground.page.locator("[data-testid=debug-execution-status]").innerText(), "SUCCEEDED");
  const inspector = await playground.inspectorText();
  assert.match(inspector, /Rejected/);
  // The Catch's path was taken.
  await playground.graphNode("/States/AskForApproval").click();
  const caught = await playground.inspectorText();
  assert.match(caught, /Catch #1 matched/);
  assert.match(caught, /the manager said no/);
  await playground.close();
});

test("the scrubber jumps to the first event and back to the last; keyboard shortcuts and help", async () => {
  const playground = await Playground.open(env.browser, env.server.url);
  await playground.debug();
  await playground.continue();
  const label = playground.page.locator("[data-testid=scrubber-label]");
  const total = Number((await label.innerText()).match(/of (\d+)/)[1]);
  assert.ok(total > 10, `${total} events`);
  await playground.debugAction("scrub-first");
  assert.equal(await label.innerText(), `event 1 of ${total}`);
  await playground.debugAction("scrub-last");
  assert.equal(await label.innerText(), `event ${total} of ${total}`);
  // Shift+F10 steps back, F10 steps forward.
  let before = await playground.moves();
  await playground.page.keyboard.press("Shift+F10");
  await playground.page.waitForFunction((before) => Number(document.querySelector("[data-testid=debugger]").getAttribute("data-moves")) > before, before);
  assert.notEqual(await label.innerText(), `event ${total} of ${total}`);
  before = await playground.moves();
  await playground.page.keyboard.press("F10");
  await playground.page.waitForFunction((before) => Number(document.querySelector("[data-testid=debugger]").getAttribute("data-moves")) > before, before);
  // "?" opens the help, Escape closes it.
  await playground.page.locator("[data-testid=graph]").click({ position: { x: 5, y: 5 } });
  await playground.page.keyboard.press("?");
  await playground.page.locator("[data-testid=help-overlay]").waitFor();
  assert.match(await playground.page.locator("[data-testid=help-overlay]").innerText(), /F10/);
  await playground.page.keyboard.press("Escape");
  await playground.page.locator("[data-testid=help-overlay]").waitFor({ state: "detached" });
  // Every control has an accessible name.
  const unnamed = await playground.page.locator("[data-testid=debugger] button, [data-testid=debugger] input").evaluateAll((controls) =>
    controls.filter((control) => !(control.getAttribute("aria-label") || control.innerText.trim() || control.closest("label"))).length,
  );
  assert.equal(unnamed, 0);
  await playground.close();
});
