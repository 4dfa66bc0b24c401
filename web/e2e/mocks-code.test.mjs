// Mocks written as code in the playground (issue 12): JavaScript modules in a sandboxed Web
// Worker and Python Lambda handlers in Pyodide, giving the same history as the CLI
// (`asl run --mocks mocks.js|mocks.py`) for the same file.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { useServerAndBrowser, Playground, repoRoot, selectExample } from "./fixtures/playground.mjs";

const env = useServerAndBrowser();
const cli = join(repoRoot, "target/debug/asl");
const START = "2024-01-01T00:00:00Z";
const orderWorkflow = () => readFile(join(repoRoot, "examples/order-workflow.json"), "utf8");

async function open() {
  const playground = await Playground.open(env.browser, env.server.url);
  playground.page.on("dialog", (dialog) => dialog.accept());
  return playground;
}

async function example(playground, id) {
  await selectExample(playground.page, id);
}

/// Fixed start time and seed, so that the CLI can give the same history.
async function fixTime(playground, seed = 0) {
  await playground.page.locator("details.settings summary").click();
  await playground.page.locator("[data-testid=start-time]").fill(START);
  await playground.page.locator("[data-testid=start-time]").dispatchEvent("change");
  await playground.page.locator("[data-testid=seed]").fill(String(seed));
  await playground.page.locator("[data-testid=seed]").dispatchEvent("change");
  await playground.page.locator("details.settings summary").click();
}

async function runAndWait(playground, timeout = 60000) {
  await playground.page.locator("[data-testid=run]").click();
  await playground.page.locator("[data-testid=status], [data-testid=run-problem]").first().waitFor({ timeout });
}

async function exportedHistory(playground) {
  const [download] = await Promise.all([
    playground.page.waitForEvent("download"),
    playground.page.locator("[data-testid=export-history]").click(),
  ]);
  return JSON.parse(await readFile(await download.path(), "utf8"));
}

/// Stack traces are the one part of a history allowed to differ between engines: keep each
/// error document's first trace line (the error's name and message) and drop the frames.
function withoutFrames(value) {
  if (typeof value === "string") {
    // Causes sit inside JSON text (an error output's Cause, inside a state's input text…).
    if (!/^[[{]/.test(value)) return value;
    try {
      return JSON.stringify(withoutFrames(JSON.parse(value)));
    } catch (_) {
      return value;
    }
  }
  if (Array.isArray(value)) return value.map(withoutFrames);
  if (value && typeof value === "object") {
    const copy = Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withoutFrames(item)]));
    if (Array.isArray(copy.trace) && typeof copy.errorType === "string") copy.trace = copy.trace.slice(0, 1);
    if (Array.isArray(copy.stackTrace) && typeof copy.errorType === "string") copy.stackTrace = [];
    return copy;
  }
  return value;
}

/// The CLI's history for the same files (GetExecutionHistory JSON).
function cliHistory(definition, input, mocks, mocksName, seed = 0) {
  const dir = mkdtempSync(join(tmpdir(), "asl-mocks-"));
  writeFileSync(join(dir, "def.json"), definition);
  writeFileSync(join(dir, "input.json"), input);
  writeFileSync(join(dir, mocksName), mocks);
  // A FAILED execution exits non-zero: the history is written all the same.
  const ran = spawnSync(cli, [
    "run", join(dir, "def.json"), "--input", join(dir, "input.json"), "--mocks", join(dir, mocksName),
    "--start-time", START, "--seed", String(seed), "--history", join(dir, "history.json"), "--format", "json",
  ], { encoding: "utf8" });
  assert.ok(existsSync(join(dir, "history.json")), ran.stderr);
  return JSON.parse(execFileSync("cat", [join(dir, "history.json")], { encoding: "utf8" }));
}

async function setAll(playground, definition, input, mocks) {
  await playground.replaceText("definition", definition);
  await playground.replaceText("input", input);
  await playground.replaceText("mocks", mocks);
}

async function stats(playground) {
  return playground.page.evaluate(() => (window.AslMocks ? { ...window.AslMocks.stats } : null));
}

test("a JavaScript mock that throws PaymentFailedError takes the order workflow's failure path", async () => {
  const playground = await open();
  const before = await playground.page.evaluate(() => performance.getEntriesByType("resource").map((entry) => entry.name));
  assert.ok(!before.some((name) => /mocks|editor-code|pyodide/.test(name)), "nothing of code mocks loads first");
  await example(playground, "order-mocks-js");
  await playground.page.locator("[data-testid=mocks-editor][data-mode=javascript]").waitFor({ timeout: 10000 });
  assert.equal(await playground.page.locator("[data-testid=mocks-kind]").inputValue(), "javascript");
  await runAndWait(playground);
  assert.equal(await playground.status(), "SUCCEEDED");
  assert.deepEqual(await playground.path(), ["ProcessPayment", "NotifyPaymentFailure"]);
  const output = await playground.output();
  assert.equal(output.error, "PaymentFailedError");
  assert.equal(output.reason, "card declined for order o-2");
  // console.log, kept with its task's events.
  const logs = await playground.page.locator("[data-testid=task-logs]").allInnerTexts();
  assert.deepEqual(logs, ["charging 25 for order o-2 (attempt 1)"]);
  // The same example input without simulate_failure succeeds.
  await playground.replaceText("input", JSON.stringify({ orderId: "o-1", amount: 42 }));
  await runAndWait(playground);
  assert.deepEqual(await playground.path(), ["ProcessPayment", "UpdateInventory", "NotifyPaymentSuccess"]);
  await playground.close();
});

test("JavaScript syntax errors are shown at their line before running; Task names complete", async () => {
  const playground = await open();
  await example(playground, "order-mocks-js");
  await playground.page.locator("[data-testid=mocks-editor][data-mode=javascript]").waitFor({ timeout: 10000 });
  await playground.replaceText("mocks", "export default {\n  ProcessPayment: (input) => {\n    return input +;\n  },\n};\n");
  const underline = playground.page.locator("[data-testid=mocks-editor] .cm-lintRange-error");
  await underline.first().waitFor({ timeout: 5000 });
  const line = await playground.page.evaluate(() => {
    const range = document.querySelector("[data-testid=mocks-editor] .cm-lintRange-error");
    const lines = [...document.querySelectorAll("[data-testid=mocks-editor] .cm-line")];
    return lines.indexOf(range.closest(".cm-line")) + 1;
  });
  assert.equal(line, 3, "the error is marked on its line");
  await runAndWait(playground);
  assert.match(await playground.page.locator("[data-testid=run-problem]").innerText(), /SyntaxError/);

  // Completion offers the definition's Task state names.
  await playground.replaceText("mocks", "export default {\n  Proc");
  await playground.page.keyboard.press("Control+Space");
  const options = playground.page.locator(".cm-tooltip-autocomplete li");
  await options.first().waitFor({ timeout: 5000 });
  assert.ok((await options.allInnerTexts()).some((text) => text.includes("ProcessPayment")));
  await playground.close();
});

test("while (true) {} is stopped at the time limit, the page stays responsive, the task fails as in the CLI", async () => {
  const playground = await open();
  await example(playground, "order-mocks-js");
  const definition = await orderWorkflow();
  const input = JSON.stringify({ orderId: "o-3", amount: 1 });
  const mocks = `let calls = 0;
export default {
  ProcessPayment: () => { calls += 1; while (true) {} },
  NotifyPaymentFailure: (input) => ({ calls, error: input.Error }),
};
`;
  await setAll(playground, definition, input, mocks);
  await fixTime(playground);
  const started = Date.now();
  await playground.page.locator("[data-testid=run]").click();
  // While the mock loops, the page answers at once (its main thread is free).
  await playground.page.waitForTimeout(1000);
  const probe = Date.now();
  const typed = await playground.page.evaluate(() => document.querySelector("[data-testid=run]").disabled);
  assert.ok(Date.now() - probe < 500, "the page answered within half a second");
  assert.equal(typed, true, "the run is still going");
  await playground.page.locator("[data-testid=status], [data-testid=run-problem]").first().waitFor({ timeout: 20000 });
  const elapsed = Date.now() - started;
  assert.ok(elapsed < 5000 + 4000, `stopped within its limit (5 s): ${elapsed} ms`);
  assert.equal(await playground.status(), "FAILED");
  assert.equal(await playground.page.locator("[data-testid=error]").innerText(), "Sandbox.Timedout");
  assert.match(await playground.page.locator("[data-testid=cause]").innerText(), /Task timed out after 5\.00 seconds/);
  const logs = await playground.page.locator("[data-testid=task-logs]").allInnerTexts();
  assert.ok(logs.some((text) => /terminated/.test(text)), logs.join("\n"));
  const counts = await stats(playground);
  assert.ok(counts.workersTerminated >= 1, JSON.stringify(counts));
  // The same history as the CLI's.
  const history = await exportedHistory(playground);
  assert.deepEqual(withoutFrames(history), withoutFrames(cliHistory(definition, input, mocks, "mocks.js")));
  await playground.close();
});

test("a mock cannot reach the network, storage, another Worker, code from strings or another task's answer", async () => {
  const playground = await open();
  await example(playground, "order-mocks-js");
  const definition = JSON.stringify({
    StartAt: "A",
    States: {
      A: { Type: "Task", Resource: "arn:aws:states:::sqs:sendMessage", ResultPath: "$.a", Next: "B" },
      B: { Type: "Task", Resource: "arn:aws:states:::sqs:sendMessage", ResultPath: "$.b", End: true },
    },
  });
  const mocks = `
const tries = {
  fetch: () => fetch("http://127.0.0.1:9/"),
  XMLHttpRequest: () => { const x = new XMLHttpRequest(); x.open("GET", "http://127.0.0.1:9/"); x.send(); },
  WebSocket: () => new WebSocket("ws://127.0.0.1:9/"),
  EventSource: () => new EventSource("http://127.0.0.1:9/"),
  importScripts: () => importScripts("http://127.0.0.1:9/x.js"),
  importViaFunction: () => new Function("return imp" + "ort('http://127.0.0.1:9/x.js')")(),
  importViaAsyncFunction: () => new (Object.getPrototypeOf(async () => {}).constructor)("return 1")(),
  eval: () => eval("1 + 1"),
  stringTimer: () => setTimeout("1 + 1", 0),
  indexedDB: () => indexedDB.open("x"),
  caches: () => caches.open("x"),
  storage: () => navigator.storage.getDirectory(),
  Worker: () => new Worker("data:text/javascript,1"),
  SharedWorker: () => new SharedWorker("data:text/javascript,1"),
  BroadcastChannel: () => new BroadcastChannel("x"),
  document: () => document.cookie,
  localStorage: () => localStorage.getItem("x"),
};
export default {
  A: async () => {
    const refused = {};
    for (const [name, attempt] of Object.entries(tries)) {
      try {
        await attempt();
        refused[name] = false;
      } catch (error) {
        refused[name] = true;
      }
    }
    // Answering for B: on the Worker's own channel, and by tampering with what the host uses.
    try { postMessage({ nonce: "guess", answer: '{"found":"B","value":"forged","logs":[]}' }); refused.postMessage = false; }
    catch (_) { refused.postMessage = true; }
    MessagePort.prototype.postMessage = function () { throw new Error("tampered"); };
    Object.defineProperty(MessageEvent.prototype, "data", { get() { return { type: "call", nonce: "stolen" }; } });
    const forge = () => { try { postMessage({ answer: "forged" }); } catch (_) {} };
    setTimeout(forge, 0);
    setTimeout(forge, 5);
    return refused;
  },
  B: async () => { await new Promise((resolve) => setTimeout(resolve, 20)); return "B's own answer"; },
};
`;
  await setAll(playground, definition, "{}", mocks);
  await runAndWait(playground);
  assert.equal(await playground.status(), "SUCCEEDED");
  const output = await playground.output();
  for (const [name, refused] of Object.entries(output.a)) assert.equal(refused, true, `${name} was allowed`);
  assert.equal(Object.keys(output.a).length, 18);
  assert.equal(output.b, "B's own answer", "B's answer is B's own");
  const counts = await stats(playground);
  console.log(`answers refused by the page: ${counts.refused}`);

  // import() and import declarations are refused before the module runs.
  for (const text of [
    "export default { A: async () => (await import('http://127.0.0.1:9/x.js')).default };",
    "import x from 'http://127.0.0.1:9/x.js';\nexport default { A: () => x };",
  ]) {
    await playground.replaceText("mocks", text);
    await runAndWait(playground);
    assert.match(
      await playground.page.locator("[data-testid=run-problem]").innerText(),
      /mocks\.js:\d+:\d+: a mocks file cannot import anything/,
    );
  }
  await playground.close();
});

test("the same JavaScript mocks file gives the same history in the playground and the CLI", async () => {
  const playground = await open();
  await example(playground, "order-mocks-js");
  await fixTime(playground, 7);
  // The order workflow (declined, then paid), and a Parallel of Maps whose mocks use the seeded
  // random numbers, the virtual clock, the context and console.log.
  const cases = [
    [await orderWorkflow(), await readFile(join(repoRoot, "examples/order-input-declined.json"), "utf8"), await readFile(join(repoRoot, "examples/order-mocks.js"), "utf8")],
    [await orderWorkflow(), await readFile(join(repoRoot, "examples/order-input.json"), "utf8"), await readFile(join(repoRoot, "examples/order-mocks.js"), "utf8")],
    [
      JSON.stringify({
        StartAt: "Both",
        States: {
          Both: {
            Type: "Parallel",
            End: true,
            Branches: [0, 1].map((branch) => ({
              StartAt: `Each${branch}`,
              States: {
                [`Each${branch}`]: {
                  Type: "Map",
                  ItemsPath: "$.items",
                  End: true,
                  ItemProcessor: {
                    StartAt: `Price${branch}`,
                    States: {
                      [`Price${branch}`]: {
                        Type: "Task",
                        Resource: "arn:aws:states:::lambda:invoke",
                        Parameters: { FunctionName: "Price", "Payload.$": "$" },
                        ResultSelector: { "price.$": "$.Payload.price", "at.$": "$.Payload.at" },
                        Retry: [{ ErrorEquals: ["Flaky"], MaxAttempts: 2, IntervalSeconds: 1 }],
                        End: true,
                      },
                    },
                  },
                },
              },
            })),
          },
        },
      }),
      JSON.stringify({ items: [1, 2, 3, 4] }),
      `class Flaky extends Error { constructor(m) { super(m); this.name = "Flaky"; } }
export default {
  Price: (item, context) => {
    console.log("item", item, "index", context.mapIndex, "retry", context.retryCount);
    if (item === 3 && context.retryCount === 0) throw new Flaky("try again");
    return { price: Math.round(Math.random() * 1000) / 10, at: new Date().toISOString(), id: crypto.randomUUID() };
  },
};
`,
    ],
  ];
  for (const [definition, input, mocks] of cases) {
    await setAll(playground, definition, input, mocks);
    await runAndWait(playground);
    const problem = await playground.page.locator("[data-testid=run-problem]").count();
    assert.equal(problem, 0, problem ? await playground.page.locator("[data-testid=run-problem]").innerText() : "");
    const history = await exportedHistory(playground);
    assert.deepEqual(withoutFrames(history), withoutFrames(cliHistory(definition, input, mocks, "mocks.js", 7)));
  }
  await playground.close();
});

test("the step debugger asks a mock once per task: stepping back and forth replays its answer", async () => {
  const playground = await open();
  await example(playground, "order-mocks-js");
  await playground.replaceText(
    "mocks",
    `let calls = 0;
export default {
  ProcessPayment: (order) => ({ ...order, paymentId: "p-" + (++calls) }),
  UpdateInventory: (order) => ({ ...order, inventoryCall: ++calls }),
  NotifyPaymentSuccess: (order) => ({ order, calls: ++calls }),
};
`,
  );
  await playground.replaceText("input", JSON.stringify({ orderId: "o-9", amount: 5 }));
  await playground.debug();
  await playground.continue();
  assert.match(await playground.debugStatus(), /ended/);
  const callsAfterRun = (await stats(playground)).calls;
  assert.equal(callsAfterRun, 3);
  const back = playground.page.locator("[data-testid=debug-back]");
  let backs = 0;
  while (await back.isEnabled()) {
    await playground.back();
    backs += 1;
  }
  assert.ok(backs >= 3, `stepped back ${backs} times`);
  await playground.continue();
  assert.match(await playground.debugStatus(), /ended/);
  assert.equal((await stats(playground)).calls, callsAfterRun, "no mock was called again");
  await playground.close();
});

test("Python: raise Exception('PaymentFailedError') gives Error: Exception and the Catch does not fire", async () => {
  const playground = await open();
  await example(playground, "order-mocks-python");
  await playground.page.locator("[data-testid=mocks-editor][data-mode=python]").waitFor({ timeout: 10000 });
  // The example as written: the class PaymentFailedError is caught.
  const started = Date.now();
  await runAndWait(playground, 120000);
  const firstRun = Date.now() - started;
  assert.equal(await playground.status(), "SUCCEEDED");
  assert.deepEqual(await playground.path(), ["ProcessPayment", "NotifyPaymentFailure"]);
  const { pyodideLoadMillis } = await stats(playground);
  console.log(`Pyodide load in its Worker: ${Math.round(pyodideLoadMillis)} ms; first Python run, click to result: ${firstRun} ms`);

  // The trap users hit on AWS.
  const example_ = await readFile(join(repoRoot, "examples/order-mocks.py"), "utf8");
  const trap = example_.replace(
    /raise PaymentFailedError\(([^\n]*)\)/,
    'raise Exception("PaymentFailedError")',
  );
  assert.notEqual(trap, example_);
  await playground.replaceText("mocks", trap);
  await fixTime(playground);
  await runAndWait(playground);
  assert.equal(await playground.status(), "FAILED");
  assert.equal(await playground.page.locator("[data-testid=error]").innerText(), "Exception");
  assert.deepEqual(await playground.path(), ["ProcessPayment"]);
  const cause = JSON.parse(await playground.page.locator("[data-testid=cause]").innerText());
  assert.equal(cause.errorType, "Exception");
  assert.equal(cause.errorMessage, "PaymentFailedError");
  const input = await readFile(join(repoRoot, "examples/order-input-declined.json"), "utf8");
  const history = await exportedHistory(playground);
  assert.deepEqual(withoutFrames(history), withoutFrames(cliHistory(await orderWorkflow(), input, trap, "mocks.py")));

  // A Python loop: the Worker is terminated and restarted, and the page says so.
  await playground.replaceText("mocks", "def spin(event, context):\n    while True:\n        pass\n\nMOCKS = {\"ProcessPayment\": spin}\n");
  await runAndWait(playground, 60000);
  assert.equal(await playground.page.locator("[data-testid=error]").innerText(), "Sandbox.Timedout");
  const logs = await playground.page.locator("[data-testid=task-logs]").allInnerTexts();
  assert.ok(logs.some((text) => /Pyodide cannot be interrupted/.test(text)), logs.join("\n"));
  await playground.close();
});

test("cost of a JavaScript mock call: a 10,000-iteration Map", async () => {
  const playground = await open();
  await example(playground, "order-mocks-js");
  const definition = JSON.stringify({
    StartAt: "Each",
    States: {
      Each: {
        Type: "Map",
        ItemsPath: "$.items",
        End: true,
        ItemProcessor: { StartAt: "Double", States: { Double: { Type: "Task", Resource: "arn:aws:states:::sqs:sendMessage", End: true } } },
      },
    },
  });
  const input = JSON.stringify({ items: Array.from({ length: 10000 }, (_, index) => index) });
  const mocks = "export default { Double: (n) => n * 2 };\n";
  // 70,000 events: past AWS's 25,000-event history limit, which is lifted here as in the CLI.
  await playground.page.locator("details.settings summary").click();
  await playground.page.locator("[data-testid=aws-limits]").uncheck();
  await playground.page.locator("details.settings summary").click();
  await playground.page.locator("[data-testid=step-budget]").fill("100000000");
  await playground.page.locator("[data-testid=step-budget]").dispatchEvent("change");
  await setAll(playground, definition, input, mocks);
  await playground.page.evaluate(() => document.querySelector("[aria-label='Execution input (JSON)']")?.blur());
  let started = Date.now();
  await runAndWait(playground, 300000);
  const codeMillis = Date.now() - started;
  assert.equal(await playground.status(), "SUCCEEDED");
  // The same Map answered by JSON mocks: the run's cost without calls to code.
  await playground.replaceText("mocks", JSON.stringify({ Double: { "0-9999": { Return: 0 } } }));
  started = Date.now();
  await runAndWait(playground, 300000);
  const jsonMillis = Date.now() - started;
  assert.equal(await playground.status(), "SUCCEEDED");
  const perCall = (codeMillis - jsonMillis) / 10000;
  console.log(
    `browser: 10,000-iteration Map with a JavaScript mock ${codeMillis} ms, with JSON mocks ${jsonMillis} ms: ` +
      `${(codeMillis / 10000).toFixed(3)} ms per task, ${perCall.toFixed(3)} ms per call to the Worker`,
  );
  if (existsSync(cli)) {
    const dir = mkdtempSync(join(tmpdir(), "asl-map-"));
    writeFileSync(join(dir, "def.json"), definition);
    writeFileSync(join(dir, "input.json"), input);
    writeFileSync(join(dir, "mocks.js"), mocks);
    writeFileSync(join(dir, "mocks.json"), JSON.stringify({ Double: { "0-9999": { Return: 0 } } }));
    const time = (mocksFile) => {
      const begin = process.hrtime.bigint();
      execFileSync(cli, ["run", join(dir, "def.json"), "--input", join(dir, "input.json"), "--mocks", join(dir, mocksFile), "--no-limits", "--format", "json"]);
      return Number(process.hrtime.bigint() - begin) / 1e6;
    };
    const cliCode = time("mocks.js");
    const cliJson = time("mocks.json");
    console.log(
      `CLI (debug build): with a JavaScript mock ${cliCode.toFixed(0)} ms, with JSON mocks ${cliJson.toFixed(0)} ms: ` +
        `${((cliCode - cliJson) / 10000).toFixed(3)} ms per call`,
    );
  }
  await playground.close();
});
