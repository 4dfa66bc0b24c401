// The Content-Security-Policy (issue 16): scripts/build-web.sh puts a <meta> policy into the built
// page (scripts/csp.mjs). A full visit (load, edit, run, step, share, the gallery, JSONata, mocks
// in JavaScript and Python, SVG export) reports no violation, served under a sub-path as on a docs
// site; the embed page's embeds too. And the policy is in force: an inline script, eval and a
// request to another origin are refused.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useServerAndBrowser, selectExample } from "./fixtures/playground.mjs";
import { openWatched, traces } from "./fixtures/security.mjs";

const env = useServerAndBrowser("/docs/tools/step-functions/playground/");

function directives(policy) {
  return Object.fromEntries(
    policy
      .split(";")
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name, ...values]) => [name, values]),
  );
}

async function assertNoViolation(playground, when) {
  const seen = await traces(playground);
  assert.deepEqual(seen.violations, [], `${when}: policy violations`);
  assert.deepEqual(seen.cspConsole, [], `${when}: policy messages on the console`);
}

async function example(playground, id) {
  await selectExample(playground.page, id);
}

async function runTo(playground, timeout = 30000) {
  await playground.page.locator("[data-testid=run]").click();
  await playground.page.locator("[data-testid=status], [data-testid=run-problem]").first().waitFor({ timeout });
  if (await playground.page.locator("[data-testid=run-problem]").count()) {
    assert.fail(`the run stopped: ${await playground.page.locator("[data-testid=run-problem]").innerText()}`);
  }
  return playground.status();
}

test("a full visit runs under the policy without a single violation", async () => {
  const playground = await openWatched(env.browser, env.server.url, { acceptDialogs: true });
  const page = playground.page;

  const policy = await page.evaluate(() => document.querySelector("meta[http-equiv=Content-Security-Policy]")?.content);
  assert.ok(policy, "the page carries a policy");
  const found = directives(policy);
  assert.deepEqual(found["default-src"], ["'none'"]);
  assert.deepEqual(found["connect-src"], ["'self'"], "no network beyond the page's origin");
  assert.deepEqual(found["worker-src"], ["'self'"]);
  const scripts = found["script-src"];
  assert.ok(scripts.includes("'self'") && scripts.includes("'wasm-unsafe-eval'"), policy);
  assert.ok(scripts.some((value) => /^'sha256-[A-Za-z0-9+/=]+'$/.test(value)), "trunk's start-up script by hash");
  for (const loose of ["'unsafe-inline'", "'unsafe-eval'", "*", "data:", "blob:", "http:", "https:"]) {
    assert.ok(!scripts.includes(loose), `script-src allows ${loose}`);
  }
  const head = await page.evaluate(() => document.head.innerHTML);
  assert.ok(head.indexOf("Content-Security-Policy") < head.indexOf("<script"), "the policy comes before every script");
  await assertNoViolation(playground, "load");

  // Edit, run, step.
  await playground.typeAtEndOfLine("definition", 1, ' "Comment": "edited under the policy",');
  await playground.waitForNoProblems();
  assert.equal(await runTo(playground), "SUCCEEDED");
  await playground.debug();
  await playground.step();
  await playground.step();
  await playground.back();
  assert.match(await playground.inspectorText(), /\S/);
  await page.locator("[data-testid=debug-close]").click();
  await assertNoViolation(playground, "edit, run, step");

  // Share, and export the graph.
  await page.locator("[data-testid=share]").click();
  assert.match(await page.locator("[data-testid=share-link]").inputValue(), /#s=[A-Za-z0-9_-]+$/);
  const [download] = await Promise.all([page.waitForEvent("download"), page.locator("[data-testid=export-svg]").click()]);
  assert.equal(download.suggestedFilename(), "state-machine.svg");
  await assertNoViolation(playground, "share, export");

  // The gallery (fetched on opening): open its first lesson and run it.
  await page.locator("[data-testid=gallery-button]").click();
  await page.locator("[data-testid=lesson-open]").first().click();
  assert.match(await runTo(playground), /SUCCEEDED|FAILED/);
  await assertNoViolation(playground, "gallery");

  // JSONata (build/jsonata.js, loaded on demand), then mocks in JavaScript and Python (Workers).
  await example(playground, "order-jsonata");
  assert.equal(await runTo(playground), "SUCCEEDED");
  await assertNoViolation(playground, "JSONata");
  await example(playground, "order-mocks-js");
  assert.equal(await runTo(playground), "SUCCEEDED");
  assert.deepEqual(await playground.path(), ["ProcessPayment", "NotifyPaymentFailure"]);
  await assertNoViolation(playground, "JavaScript mocks");
  const jsCalls = await page.evaluate(() => window.AslMocks.stats.calls);
  assert.ok(jsCalls > 0, "the JavaScript mocks answered");
  await example(playground, "order-mocks-python");
  await page.locator("[data-testid=mocks-editor][data-mode=python]").waitFor({ timeout: 10000 });
  assert.equal(await runTo(playground, 120000), "SUCCEEDED");
  assert.deepEqual(await playground.path(), ["ProcessPayment", "NotifyPaymentFailure"]);
  const python = await page.evaluate(() => ({ ...window.AslMocks.stats }));
  assert.ok(python.calls > jsCalls && python.pyodideLoadMillis > 0, `Pyodide answered: ${JSON.stringify(python)}`);
  console.log(`Pyodide loaded in ${Math.round(python.pyodideLoadMillis)} ms under the policy`);
  await assertNoViolation(playground, "Python mocks");
  assert.deepEqual(playground.consoleErrors, []);

  // The policy is in force: what a successful injection would try is refused, and reported.
  const refused = await page.evaluate(async () => {
    const script = document.createElement("script");
    script.textContent = "window.__inlineRan = true";
    document.body.append(script);
    const image = document.createElement("img");
    image.setAttribute("onerror", "window.__handlerRan = true");
    image.src = "data:,not-an-image";
    document.body.append(image);
    // Code from a string, run by the page itself (not by this test's evaluate, which DevTools
    // exempts): a string timer.
    setTimeout("window.__stringRan = true", 0);
    let fetchRefused = false;
    try {
      await fetch("http://example.com/");
    } catch (_) {
      fetchRefused = true;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    script.remove();
    image.remove();
    return { inline: window.__inlineRan === true, handler: window.__handlerRan === true, string: window.__stringRan === true, fetchRefused };
  });
  assert.deepEqual(refused, { inline: false, handler: false, string: false, fetchRefused: true });
  const seen = await traces(playground);
  const kinds = seen.violations.map((line) => line.split(" ")[0]);
  for (const kind of ["script-src-elem", "script-src-attr", "script-src", "connect-src"]) {
    assert.ok(kinds.includes(kind), `a ${kind} violation is reported: ${seen.violations}`);
  }
  await playground.close();
});

test("the embed page's two embeds run under the policy", async () => {
  const playground = await openWatched(env.browser, `${env.server.url}embed-demo.html`, { ready: false });
  const page = playground.page;
  await page.waitForSelector("body[data-declined-loaded=true]", { timeout: 20000 });
  for (const id of ["embed-success", "embed-declined"]) {
    const frame = page.frameLocator(`[data-testid=${id}]`);
    await frame.locator("body[data-ready=true]").waitFor({ timeout: 15000 });
    const policy = await frame.locator("head").evaluate(() => document.querySelector("meta[http-equiv=Content-Security-Policy]")?.content);
    assert.match(policy || "", /script-src 'self' 'wasm-unsafe-eval' 'sha256-/);
    await frame.locator("[data-testid=run]").click();
    await frame.locator("[data-testid=status]").waitFor({ timeout: 20000 });
  }
  await assertNoViolation(playground, "embeds");
  await playground.close();
});
