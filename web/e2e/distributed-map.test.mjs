// A user tries the Distributed Map example: the graph says what the Map reads, batches and
// writes; a run reads the orders from the mocked S3 object, and shows the Map Run and the
// files ResultWriter wrote; a mock that lacks the object stops the run, naming it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useServerAndBrowser, Playground, selectExample } from "./fixtures/playground.mjs";

const env = useServerAndBrowser();

test("the Distributed Map example: graph, run, Map Run and ResultWriter's files", async () => {
  const playground = await Playground.open(env.browser, env.server.url);
  await selectExample(playground.page, "distributed-map-orders");
  // Valid; the one problem listed is the lint that a failed iteration would fail the execution.
  await playground.waitForProblem('has no "Catch"');
  assert.equal(await playground.problems().count(), 1);
  const map = playground.page.locator('[data-testid=graph] g.node[data-name="ChargeOrders"]');
  assert.equal(await map.count(), 1);
  assert.match(
    await map.locator("text.subtitle").textContent(),
    /distributed · reads S3 CSV · batches of 2 · writes results to S3/,
  );

  await playground.run();
  assert.equal(await playground.status(), "SUCCEEDED");
  const output = await playground.output();
  assert.match(output.resultsIn, /^s3:\/\/order-results\/charges\/[0-9a-f-]{36}\/manifest\.json$/);
  // The parent history has the Map Run, not the iterations (they are child executions).
  const types = await playground.page.locator("[data-testid=history] tbody tr td:nth-child(2)").allInnerTexts();
  assert.ok(types.includes("MapRunStarted") && types.includes("MapRunSucceeded"), types.join(","));
  assert.ok(!types.includes("MapIterationStarted"), types.join(","));
  assert.match(await playground.page.locator("[data-testid=map-runs]").innerText(), /2 child executions, 0 failed/);
  const written = playground.page.locator("[data-testid=written-objects] details");
  assert.equal(await written.count(), 2);
  assert.match(await written.nth(0).locator("summary").innerText(), /SUCCEEDED_0\.json$/);
  await written.nth(0).locator("summary").click();
  assert.match(await written.nth(0).locator("pre").innerText(), /"Status": "SUCCEEDED"/);
  // The item processor's Task ran in the child executions: the graph colours it.
  assert.match(
    await playground.page.locator('[data-testid=graph] g.node[data-name="ChargeBatch"]').getAttribute("class"),
    /status-succeeded/,
  );
  console.log(`screenshot: ${await playground.screenshot("distributed-map")}`);

  await playground.replaceText("mocks", JSON.stringify({ ChargeBatch: { "0-9": { Return: { Payload: { charged: [] } } } } }));
  await playground.page.waitForTimeout(400); // the mocks' diagnostics follow the edit
  assert.equal(await playground.problems().count(), 1);
  await playground.run();
  assert.match(
    await playground.page.locator("[data-testid=run-problem]").innerText(),
    /ItemReader reads s3:\/\/orders\/2024\/march\.csv, which the mocks do not have/,
  );
  await playground.close();
});

test("the debugger follows a child execution of the Distributed Map: its batch, its Task's data", async () => {
  const playground = await Playground.open(env.browser, env.server.url);
  await selectExample(playground.page, "distributed-map-orders");
  await playground.waitForProblem('has no "Catch"');
  await playground.debug();
  await playground.continue();
  assert.match(await playground.debugStatus(), /ended/);
  // The container's title (its middle is the ChargeBatch node).
  await playground.graphNode("/States/ChargeOrders").click({ position: { x: 30, y: 6 } });
  const picker = playground.page.locator("[data-testid=run-picker-select]");
  await picker.waitFor();
  // Both child executions succeeded (their events are in histories of their own).
  assert.match(await playground.page.locator("[data-testid=run-summary]").innerText(), /2 child executions: 2 succeeded/);
  await picker.selectOption({ label: "Child execution 1 (succeeded)" });
  await playground.page.waitForFunction(() => /ChargeBatch/.test(document.querySelector("[data-testid=inspector]")?.innerText || ""));
  const inspector = await playground.inspectorText();
  assert.match(inspector, /item 1 of ChargeOrders/);
  // The second batch: its items and the BatchInput, as the child execution received them.
  assert.match(inspector, /"Items"/);
  assert.match(inspector, /"BatchInput"/);
  assert.match(inspector, /"id": "1003"/);
  // The followed child execution's Task is coloured as it ran.
  await playground.page.waitForFunction(() =>
    document
      .querySelector('[data-testid=graph] [data-id="/States/ChargeOrders/ItemProcessor/States/ChargeBatch"]')
      ?.classList.contains("status-succeeded"),
  );
  console.log(`screenshot: ${await playground.screenshot("distributed-map-child-followed")}`);
  await playground.close();
});
