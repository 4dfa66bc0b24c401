// A user runs the workflow, reads the result and the events, and exports the history.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { execFileSync } from "node:child_process";
import { existsSync, writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { useServerAndBrowser, Playground, repoRoot, selectExample } from "./fixtures/playground.mjs";

const env = useServerAndBrowser();

test("run: SUCCEEDED, the output, the path and AWS-named events", async () => {
  const playground = await Playground.open(env.browser, env.server.url);
  await playground.run();
  assert.equal(await playground.status(), "SUCCEEDED");
  assert.deepEqual(await playground.output(), { notified: "success", orderId: "o-1" });
  assert.deepEqual(await playground.path(), ["ProcessPayment", "UpdateInventory", "NotifyPaymentSuccess"]);
  const types = await playground.page.locator("[data-testid=history] tbody tr td:nth-child(2)").allInnerTexts();
  assert.equal(types[0], "ExecutionStarted");
  assert.ok(types.includes("TaskStateEntered"));
  assert.ok(types.includes("LambdaFunctionScheduled"));
  assert.equal(types.at(-1), "ExecutionSucceeded");

  const [download] = await Promise.all([
    playground.page.waitForEvent("download"),
    playground.page.locator("[data-testid=export-history]").click(),
  ]);
  assert.equal(download.suggestedFilename(), "execution-history.json");
  const history = JSON.parse(await readFile(await download.path(), "utf8"));
  assert.equal(history.events[0].type, "ExecutionStarted");
  assert.equal(history.events.length, types.length);
  console.log(`screenshot: ${await playground.screenshot("after-run")}`);
  await playground.close();
});

test("a payment that throws PaymentFailedError takes the Catch path", async () => {
  const playground = await Playground.open(env.browser, env.server.url);
  await playground.replaceText(
    "mocks",
    JSON.stringify({
      ProcessPayment: { 0: { Throw: { Error: "PaymentFailedError", Cause: "card declined" } } },
      NotifyPaymentFailure: { 0: { Return: { notified: "failure" } } },
    }, null, 2),
  );
  await playground.waitForNoProblems();
  await playground.run();
  assert.equal(await playground.status(), "SUCCEEDED");
  assert.deepEqual(await playground.path(), ["ProcessPayment", "NotifyPaymentFailure"]);
  assert.deepEqual(await playground.output(), { notified: "failure" });
  const failed = await playground.page.locator("[data-testid=history] tr.failed").allInnerTexts();
  assert.ok(failed.some((row) => row.includes("PaymentFailedError") && row.includes("card declined")), failed.join("\n"));
  await playground.close();
});

test("an error nobody catches fails the execution with its error and cause", async () => {
  const playground = await Playground.open(env.browser, env.server.url);
  await selectExample(playground.page, "order-payment-failed");
  await playground.replaceText(
    "mocks",
    JSON.stringify({ ProcessPayment: { 0: { Return: {} } }, UpdateInventory: { 0: { Throw: { Error: "OutOfStock", Cause: "sku 7" } } } }),
  );
  await playground.run();
  assert.equal(await playground.status(), "FAILED");
  assert.equal(await playground.page.locator("[data-testid=error]").innerText(), "OutOfStock");
  assert.equal(await playground.page.locator("[data-testid=cause]").innerText(), "sku 7");
  await playground.close();
});

test("a loop that never ends is stopped by the step budget, and the page stays usable", async () => {
  const playground = await Playground.open(env.browser, env.server.url);
  await playground.replaceText(
    "definition",
    JSON.stringify({ StartAt: "Again", States: { Again: { Type: "Pass", Next: "AndAgain" }, AndAgain: { Type: "Pass", Next: "Again" } } }, null, 2),
  );
  // Valid, and the lint says what the run will show: the loop has no way out.
  await playground.waitForProblem("no End, Succeed or Fail state can be reached");
  assert.equal(await playground.problems().count(), 1);
  await playground.page.locator("[data-testid=step-budget]").fill("5000");
  await playground.page.locator("[data-testid=step-budget]").dispatchEvent("change");
  await playground.run();
  assert.match(await playground.page.locator("[data-testid=stopped]").innerText(), /Stopped after 5000 steps/);
  assert.equal(await playground.status(), "RUNNING");
  // The page still follows edits: give the loop a way out, and the warning goes.
  await playground.replaceText(
    "definition",
    JSON.stringify({ StartAt: "Again", States: { Again: { Type: "Pass", Next: "AndAgain" }, AndAgain: { Type: "Pass", End: true } } }, null, 2),
  );
  await playground.waitForNoProblems();
  await playground.close();
});

test("Stop ends a long run at once and shows the execution so far", async () => {
  const playground = await Playground.open(env.browser, env.server.url);
  await playground.replaceText(
    "definition",
    JSON.stringify({ StartAt: "Again", States: { Again: { Type: "Pass", Next: "AndAgain" }, AndAgain: { Type: "Pass", Next: "Again" } } }, null, 2),
  );
  await playground.waitForProblem("no End, Succeed or Fail state can be reached");
  // Without AWS's limits and with a huge budget, only Stop ends this run.
  await playground.page.locator("[data-testid=step-budget]").fill("1000000000");
  await playground.page.locator("[data-testid=step-budget]").dispatchEvent("change");
  await playground.page.locator("[data-testid=aws-limits]").evaluate((box) => {
    box.checked = false;
    box.dispatchEvent(new Event("change", { bubbles: true }));
  });
  assert.equal(await playground.page.locator("[data-testid=stop]").count(), 0, "no Stop button before a run");
  await playground.page.locator("[data-testid=run]").click();
  const stop = playground.page.locator("[data-testid=stop]");
  await stop.waitFor({ timeout: 5000 });
  await playground.page.waitForFunction(
    () => /Running… [1-9]\d{3,} steps/.test(document.querySelector("[data-testid=progress]")?.textContent || ""),
    null,
    { timeout: 10000 },
  );
  await stop.click();
  const note = await playground.page.locator("[data-testid=stopped]").innerText({ timeout: 10000 });
  const steps = Number(/Stopped by you after (\d+) steps/.exec(note)?.[1]);
  assert.ok(steps >= 1000 && steps < 1_000_000_000, `stopped after ${steps} steps: ${note}`);
  assert.equal(await playground.status(), "RUNNING");
  assert.equal(await stop.count(), 0, "the Stop button goes with the run");
  assert.equal(await playground.page.locator("[data-testid=run]").isEnabled(), true);
  await playground.close();
});

test("a Task without a mock says which state needs one", async () => {
  const playground = await Playground.open(env.browser, env.server.url);
  await playground.replaceText("mocks", "{}");
  await playground.run();
  assert.match(await playground.page.locator("[data-testid=run-problem]").innerText(), /"ProcessPayment"/);
  await playground.close();
});

// The one missing-mock policy (crates/asl/src/mock.rs): the playground's Run and the CLI stop
// at the same Task with the same message.
test("a missing mock stops the run with the same message as the CLI", async () => {
  const cli = ["target/debug/asl", "target/release/asl"].map((path) => join(repoRoot, path)).find(existsSync);
  assert.ok(cli, "the asl binary is built (cargo test -p asl-cli builds target/debug/asl)");
  const mocks = JSON.stringify({ ProcessPayment: { 0: { Return: { paid: true } } } });
  const mocksFile = join(mkdtempSync(join(tmpdir(), "asl-e2e-")), "mocks.json");
  writeFileSync(mocksFile, mocks);
  let stderr = "";
  try {
    execFileSync(cli, ["run", join(repoRoot, "examples/order-workflow.json"), "--mocks", mocksFile], { stdio: "pipe" });
  } catch (error) {
    stderr = String(error.stderr);
    assert.equal(error.status, 2);
  }
  const cliMessage = stderr.trim().replace(/^error: /, "");
  assert.match(cliMessage, /^the run stopped at Task state "UpdateInventory"/);

  const playground = await Playground.open(env.browser, env.server.url);
  await playground.replaceText("mocks", mocks);
  await playground.waitForNoProblems();
  await playground.run();
  const pageMessage = await playground.page.locator("[data-testid=run-problem]").innerText();
  const asSentence = cliMessage.charAt(0).toUpperCase() + cliMessage.slice(1) + ".";
  assert.equal(pageMessage, asSentence);
  await playground.close();
});
