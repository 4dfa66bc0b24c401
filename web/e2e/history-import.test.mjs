// Importing an execution history shows a run that happened elsewhere: the events table, the
// status, error and cause, the path, and the graph coloured by it (the Catch path taken). Three
// shapes: the playground's own export (GetExecutionHistory JSON, as `asl run --history` writes),
// AWS's as the AWS CLI prints it (offset timestamps, a timed-out Lambda), and the summary of
// `asl run --format json`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile, writeFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { outputDir, useServerAndBrowser, Playground, selectExample } from "./fixtures/playground.mjs";

const env = useServerAndBrowser();

async function importHistory(playground, name, text) {
  await mkdir(outputDir, { recursive: true });
  const file = join(outputDir, name);
  await writeFile(file, text);
  await playground.page.locator("[data-testid=import-history]").setInputFiles(file);
  await playground.page.locator("[data-testid=status], [data-testid=run-problem]").first().waitFor({ timeout: 10000 });
}

/// Each state's colour class on the graph.
async function graphStates(page) {
  return page.evaluate(() =>
    Object.fromEntries(
      Array.from(document.querySelectorAll("[data-testid=graph] g.node[data-name]"), (node) => [
        node.dataset.name,
        (node.getAttribute("class").match(/status-\w+|not-reached/) || [""])[0],
      ]),
    ),
  );
}

async function eventColumns(page) {
  return (await page.locator("[data-testid=history] tbody tr").allInnerTexts()).map((row) => row.split("\t").slice(0, 3).join(" "));
}

test("a run exported from the playground, imported into a fresh page, shows the same events and path", async () => {
  const source = await Playground.open(env.browser, env.server.url);
  await selectExample(source.page, "order-payment-failed");
  await source.run();
  const [download] = await Promise.all([source.page.waitForEvent("download"), source.page.locator("[data-testid=export-history]").click()]);
  const exported = await readFile(await download.path(), "utf8");
  const events = await eventColumns(source.page);
  const colours = await graphStates(source.page);
  await source.close();

  const playground = await Playground.open(env.browser, env.server.url);
  const page = playground.page;
  assert.equal(await page.locator("[data-testid=status]").count(), 0, "nothing has run here");
  await importHistory(playground, "exported-history.json", exported);
  assert.equal(await playground.status(), "SUCCEEDED");
  assert.deepEqual(await playground.path(), ["ProcessPayment", "NotifyPaymentFailure"]);
  assert.deepEqual(await eventColumns(page), events, "the same events");
  assert.match(await page.locator("[data-testid=history]").innerText(), /PaymentFailedError: insufficient funds/);
  assert.deepEqual(await playground.output(), { notified: "failure" });
  assert.deepEqual(await graphStates(page), colours, "the graph coloured as by the run itself");
  assert.equal(colours.ProcessPayment, "status-caught");
  assert.equal(colours.UpdateInventory, "not-reached");
  assert.equal(await page.locator("[data-testid=graph] .edge.catch.taken").count(), 1, "the Catch path taken");
  assert.deepEqual(playground.consoleErrors, []);
  await playground.close();
});

test("AWS's GetExecutionHistory JSON, and asl run's summary; anything else is refused with a reason", async () => {
  const aws = {
    events: [
      { timestamp: "2024-05-01T10:00:00.000000+02:00", type: "ExecutionStarted", id: 1, previousEventId: 0, executionStartedEventDetails: { input: '{"orderId":"o-1"}', roleArn: "arn:aws:iam::123456789012:role/sfn" } },
      { timestamp: "2024-05-01T10:00:00.050000+02:00", type: "TaskStateEntered", id: 2, previousEventId: 1, stateEnteredEventDetails: { name: "ProcessPayment", input: '{"orderId":"o-1"}' } },
      { timestamp: "2024-05-01T10:00:00.060000+02:00", type: "LambdaFunctionScheduled", id: 3, previousEventId: 2, lambdaFunctionScheduledEventDetails: { resource: "arn:aws:lambda:us-east-1:123456789012:function:ProcessPayment", input: '{"orderId":"o-1"}' } },
      { timestamp: "2024-05-01T10:00:00.070000+02:00", type: "LambdaFunctionStarted", id: 4, previousEventId: 3 },
      { timestamp: "2024-05-01T10:00:03.070000+02:00", type: "LambdaFunctionTimedOut", id: 5, previousEventId: 4, lambdaFunctionTimedOutEventDetails: { error: "States.Timeout", cause: "Task timed out after 3.00 seconds" } },
      { timestamp: "2024-05-01T10:00:03.080000+02:00", type: "ExecutionFailed", id: 6, previousEventId: 5, executionFailedEventDetails: { error: "States.Timeout", cause: "Task timed out after 3.00 seconds" } },
    ],
  };
  const playground = await Playground.open(env.browser, env.server.url);
  const page = playground.page;
  await importHistory(playground, "aws-history.json", JSON.stringify(aws, null, 2));
  assert.equal(await playground.status(), "FAILED");
  assert.equal(await page.locator("[data-testid=error]").innerText(), "States.Timeout");
  assert.equal(await page.locator("[data-testid=cause]").innerText(), "Task timed out after 3.00 seconds");
  assert.deepEqual(await playground.path(), ["ProcessPayment"]);
  assert.equal((await eventColumns(page)).length, 6);
  const colours = await graphStates(page);
  assert.equal(colours.ProcessPayment, "status-failed");
  assert.equal(colours.NotifyPaymentSuccess, "not-reached");

  const summary = { status: "SUCCEEDED", output: { notified: "success" }, error: null, cause: null, states: ["ProcessPayment", "UpdateInventory", "NotifyPaymentSuccess"] };
  await importHistory(playground, "asl-run.json", JSON.stringify(summary));
  await page.locator("[data-testid=path] li", { hasText: "UpdateInventory" }).waitFor();
  assert.equal(await playground.status(), "SUCCEEDED");
  assert.deepEqual(await playground.output(), { notified: "success" });
  assert.deepEqual(await playground.path(), summary.states);
  assert.equal((await graphStates(page)).NotifyPaymentFailure, "not-reached");
  assert.equal((await graphStates(page)).UpdateInventory, "status-succeeded");

  await importHistory(playground, "not-a-history.json", JSON.stringify({ StartAt: "A", States: {} }));
  assert.match(await page.locator("[data-testid=run-problem]").innerText(), /Not an execution history/);
  assert.deepEqual(playground.consoleErrors, []);
  await playground.close();
});

test("a long history pages through its events, Earlier and Later", async () => {
  const at = (id) => new Date(Date.UTC(2024, 4, 1, 8, 0, 0, id)).toISOString();
  const events = [{ timestamp: at(1), type: "ExecutionStarted", id: 1, previousEventId: 0, executionStartedEventDetails: { input: "{}" } }];
  while (events.length < 249) {
    const id = events.length + 1;
    events.push({ timestamp: at(id), type: "PassStateEntered", id, previousEventId: id - 1, stateEnteredEventDetails: { name: "Again", input: "{}" } });
    events.push({ timestamp: at(id + 1), type: "PassStateExited", id: id + 1, previousEventId: id, stateExitedEventDetails: { name: "Again", output: "{}" } });
  }
  events.push({ timestamp: at(250), type: "ExecutionSucceeded", id: 250, previousEventId: 249, executionSucceededEventDetails: { output: "{}" } });
  const playground = await Playground.open(env.browser, env.server.url);
  const page = playground.page;
  await importHistory(playground, "long-history.json", JSON.stringify({ events }));
  const pageText = () => page.locator("[data-testid=history-page]").innerText();
  const firstId = async () => (await eventColumns(page))[0].split(" ")[0];
  assert.equal(await pageText(), "events 1–100 of 250");
  assert.ok(await page.locator("[data-testid=history-prev]").isDisabled());
  await page.locator("[data-testid=history-next]").click();
  assert.equal(await pageText(), "events 101–200 of 250");
  assert.equal(await firstId(), "101");
  await page.locator("[data-testid=history-next]").click();
  assert.equal(await pageText(), "events 201–250 of 250");
  assert.ok(await page.locator("[data-testid=history-next]").isDisabled(), "no page after the last");
  await page.locator("[data-testid=history-prev]").click();
  assert.equal(await firstId(), "101");
  assert.equal(await page.locator("[data-testid=history-next]").innerText(), "Later");
  await playground.close();
});
