// Lints in the editor: valid definitions that are probably wrong get warnings with an
// explanation and an AWS link, and the classic trap in mocks written as code (a generic
// exception whose message is the error a Catch expects) is named as you type, for Python and
// JavaScript, and not for a properly named error.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useServerAndBrowser, Playground } from "./fixtures/playground.mjs";

const env = useServerAndBrowser();

test("a Choice without Default is a warning with its explanation and AWS link", async () => {
  const playground = await Playground.open(env.browser, env.server.url);
  await playground.replaceText(
    "definition",
    JSON.stringify({
      StartAt: "Route",
      States: {
        Route: { Type: "Choice", Choices: [{ Variable: "$.rush", BooleanEquals: true, Next: "Done" }] },
        Done: { Type: "Succeed" },
      },
    }, null, 2),
  );
  await playground.waitForProblem("has no \"Default\"");
  const problem = playground.problems().filter({ hasText: "choice-without-default" });
  assert.equal(await problem.count(), 1);
  assert.match(await problem.getAttribute("class"), /warning/);
  await problem.locator("[data-testid=lint-doc] summary").click();
  const link = problem.locator("[data-testid=lint-doc] a");
  assert.match(await link.getAttribute("href"), /^https:\/\/docs\.aws\.amazon\.com\/step-functions\/.*state-choice/);
  await playground.close();
});

const TRAPS = {
  python: 'def process_payment(event, context):\n    raise Exception("PaymentFailedError")\n\nMOCKS = {"ProcessPayment": process_payment}\n',
  javascript: 'export default {\n  ProcessPayment: () => { throw new Error("PaymentFailedError"); },\n};\n',
};
const NAMED = {
  python: 'class PaymentFailedError(Exception):\n    pass\n\ndef process_payment(event, context):\n    raise PaymentFailedError("PaymentFailedError: declined")\n\nMOCKS = {"ProcessPayment": process_payment}\n',
  javascript:
    'class PaymentFailedError extends Error {\n  constructor(message) { super(message); this.name = "PaymentFailedError"; }\n}\nexport default {\n  ProcessPayment: () => { throw new PaymentFailedError("PaymentFailedError"); },\n};\n',
};

test("the error-name-in-message trap is named in Python and JavaScript mocks, and only there", async () => {
  const playground = await Playground.open(env.browser, env.server.url);
  for (const language of ["python", "javascript"]) {
    await playground.replaceText("mocks", TRAPS[language]);
    await playground.waitForProblem("matches error names, not messages");
    const inPane = (pane) =>
      playground
        .problems()
        .filter({ has: playground.page.locator(".where", { hasText: new RegExp(`^${pane} \\d`) }) })
        .filter({ hasText: "error-name-in-message" });
    const mocksProblem = inPane("Mocks");
    assert.equal(await mocksProblem.count(), 1, `${language}: one warning at the raise`);
    const definitionProblem = inPane("Definition");
    assert.equal(await definitionProblem.count(), 1, `${language}: one warning on the Catch`);
    await playground.replaceText("mocks", NAMED[language]);
    await playground.page
      .locator("[data-testid=problem]", { hasText: "error-name-in-message" })
      .first()
      .waitFor({ state: "detached", timeout: 5000 });
  }
  await playground.close();
});

test("after a run, a task that failed with a generic error naming a caught error is explained, and only then", async () => {
  const playground = await Playground.open(env.browser, env.server.url);
  const JSON_TRAP = JSON.stringify({ ProcessPayment: { 0: { Throw: { Error: "Exception", Cause: "PaymentFailedError" } } } }, null, 2);
  const runWarning = () => playground.problems().filter({ hasText: "failed with error" });
  for (const [language, mocks, error] of [
    ["json", JSON_TRAP, "Exception"],
    ["python", TRAPS.python, "Exception"],
    ["javascript", TRAPS.javascript, "Error"],
  ]) {
    await playground.replaceText("mocks", mocks);
    await playground.run();
    assert.equal(await playground.status(), "FAILED", `${language}: the Catch did not apply`);
    await playground.waitForProblem("failed with error");
    assert.equal(await runWarning().count(), 1, `${language}: one warning after the run`);
    const text = await runWarning().innerText();
    assert.match(text, new RegExp(`"ProcessPayment" failed with error "${error}", whose message names "PaymentFailedError"`));
    assert.match(text, /error-name-in-message/);
  }
  // The same mocks raising a properly named error, with a mock for the Catch's target.
  const HANDLED = {
    python: NAMED.python.replace(
      'MOCKS = {"ProcessPayment": process_payment}',
      'def notify_failure(event, context):\n    return {"notified": "failure"}\n\nMOCKS = {"ProcessPayment": process_payment, "NotifyPaymentFailure": notify_failure}',
    ),
    javascript: NAMED.javascript.replace("export default {", 'export default {\n  NotifyPaymentFailure: () => ({ notified: "failure" }),'),
  };
  for (const language of ["python", "javascript"]) {
    assert.notEqual(HANDLED[language], NAMED[language]);
    await playground.replaceText("mocks", HANDLED[language]);
    await playground.run();
    assert.equal(await playground.status(), "SUCCEEDED", `${language}: the Catch handled the named error`);
    assert.ok((await playground.path()).includes("NotifyPaymentFailure"), `${language}: the failure path ran`);
    assert.equal(await runWarning().count(), 0, `${language}: nothing to explain`);
  }
  await playground.close();
});
