// A state the debugger ran, exported as a TestState request and answered by `asl test-state`
// (the CLI that reads what `aws stepfunctions test-state --cli-input-json` takes), gives the
// status, output and next state the page's inspector showed for it: ProcessPayment when the
// payment succeeds, and when its PaymentFailedError is caught; UpdateInventory after it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { repoRoot, useServerAndBrowser, Playground, selectExample } from "./fixtures/playground.mjs";

const env = useServerAndBrowser();
const release = join(repoRoot, "target/release/asl");
const debug = join(repoRoot, "target/debug/asl");

function cli() {
  if (existsSync(release)) return release;
  if (!existsSync(debug)) {
    const build = spawnSync("cargo", ["build", "-q", "-p", "asl-cli"], { cwd: repoRoot, encoding: "utf8" });
    assert.equal(build.status, 0, build.stderr);
  }
  return debug;
}

/** What the inspector shows for the selected state: status, output and next state. */
async function shown(playground) {
  const inspector = playground.page.locator("[data-testid=inspector]");
  const output = JSON.parse(await inspector.locator("[data-testid=stage-output] pre").innerText());
  const text = await inspector.innerText();
  const next = /Next: (\S+)/.exec(text)?.[1] ?? null;
  const caught = (await inspector.locator("[data-testid=error-details]").count()) > 0;
  return { status: caught ? "CAUGHT_ERROR" : "SUCCEEDED", output, nextState: next };
}

/** Exports the selected state and answers the request with `asl test-state`. */
async function answered(playground) {
  const [download] = await Promise.all([
    playground.page.waitForEvent("download"),
    playground.page.locator("[data-testid=export-test-state]").click(),
  ]);
  assert.equal(download.suggestedFilename(), "test-state-request.json");
  const run = spawnSync(cli(), ["test-state", "--cli-input-json", await download.path()], { encoding: "utf8" });
  assert.equal(run.status, 0, run.stderr);
  const response = JSON.parse(run.stdout);
  return {
    status: response.status,
    output: response.output === undefined ? undefined : JSON.parse(response.output),
    nextState: response.nextState ?? null,
  };
}

for (const [example, states] of [
  ["order-success", ["ProcessPayment", "UpdateInventory"]],
  ["order-payment-failed", ["ProcessPayment"]],
]) {
  test(`${example}: ${states.join(", ")} exported and run by asl test-state give what the page showed`, async () => {
    const playground = await Playground.open(env.browser, env.server.url);
    await selectExample(playground.page, example);
    await playground.waitForNoProblems();
    await playground.debug();
    for (const state of states) {
      await playground.step();
      const inspector = playground.page.locator("[data-testid=inspector]");
      assert.match(await inspector.locator("h3").innerText(), new RegExp(state));
      const page = await shown(playground);
      const cliAnswer = await answered(playground);
      assert.deepEqual(cliAnswer, page, `${state}: asl test-state against the inspector`);
      const expected = {
        "order-success/ProcessPayment": ["SUCCEEDED", "UpdateInventory"],
        "order-success/UpdateInventory": ["SUCCEEDED", "NotifyPaymentSuccess"],
        "order-payment-failed/ProcessPayment": ["CAUGHT_ERROR", "NotifyPaymentFailure"],
      }[`${example}/${state}`];
      assert.deepEqual([page.status, page.nextState], expected);
    }
    assert.deepEqual(playground.consoleErrors, []);
    await playground.close();
  });
}
