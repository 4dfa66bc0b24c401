// A user writes a JSONata state machine: a syntax error inside an expression is shown at its
// column, and once fixed the run computes with jsonata (loaded by the page on first use).
import { test } from "node:test";
import assert from "node:assert/strict";
import { useServerAndBrowser, Playground, selectExample } from "./fixtures/playground.mjs";

const env = useServerAndBrowser();

const definition = (total) => JSON.stringify({
  QueryLanguage: "JSONata",
  StartAt: "ProcessPayment",
  States: {
    ProcessPayment: {
      Type: "Task",
      Resource: "arn:aws:lambda:us-east-1:123456789012:function:ProcessPayment",
      Arguments: { orderId: "{% $states.input.orderId %}", total: total },
      Assign: { paymentId: "{% $states.result.paymentId %}" },
      Output: "{% $states.input %}",
      Next: "Summarise",
    },
    Summarise: {
      Type: "Pass",
      Output: {
        paymentId: "{% $paymentId %}",
        items: "{% $count($states.input.items) %}",
        chunks: "{% $partition($states.input.items, 2) %}",
      },
      End: true,
    },
  },
}, null, 2);

test("JSONata: a syntax error is shown inside the expression; fixed, the run evaluates it", async () => {
  const playground = await Playground.open(env.browser, env.server.url);
  const jsonataRequests = [];
  playground.page.on("request", (request) => {
    if (request.url().endsWith("/jsonata.js")) jsonataRequests.push(request.url());
  });
  await playground.replaceText("input", JSON.stringify({ orderId: "o-7", items: ["a", "b", "c"], prices: [5, 7] }));
  await playground.replaceText(
    "mocks",
    JSON.stringify({ ProcessPayment: { 0: { Return: { paymentId: "p-42" } } } }),
  );

  // An unfinished sum: jsonata's parser reports it, at the end of the expression.
  const broken = definition("{% $sum($states.input.prices) + %}");
  await playground.replaceText("definition", broken);
  await playground.waitForProblem("JSONata syntax error");
  const problem = await playground.problems().first().innerText();
  const line = broken.split("\n").findIndex((text) => text.includes('"total"')) + 1;
  const column = broken.split("\n")[line - 1].indexOf(" %}") + 1;
  assert.match(problem, new RegExp(`Definition ${line}:${column}(?!\\d)`), problem);
  assert.match(problem, /S0207|Unexpected end of expression/);
  assert.equal(jsonataRequests.length, 1, "jsonata.js is loaded once, on demand");

  await playground.replaceText("definition", definition("{% $sum($states.input.prices) %}"));
  await playground.waitForNoProblems();
  await playground.run();
  assert.equal(await playground.status(), "SUCCEEDED");
  assert.deepEqual(await playground.output(), { paymentId: "p-42", items: 3, chunks: [["a", "b"], ["c"]] });
  assert.deepEqual(await playground.path(), ["ProcessPayment", "Summarise"]);
  const scheduled = await playground.page.locator("[data-testid=history] tr", { hasText: "LambdaFunctionScheduled" }).innerText();
  assert.match(scheduled, /"total":12/);
  console.log(`screenshot: ${await playground.screenshot("jsonata-run")}`);
  await playground.close();
});

test("JSONata: an expression that fails at run time fails the state with States.QueryEvaluationError", async () => {
  const playground = await Playground.open(env.browser, env.server.url);
  await playground.replaceText("input", JSON.stringify({ orderId: "o-8", prices: [5, "seven"] }));
  await playground.replaceText("mocks", JSON.stringify({ ProcessPayment: { 0: { Return: { paymentId: "p-1" } } } }));
  await playground.replaceText("definition", definition("{% $sum($states.input.prices) %}"));
  await playground.waitForNoProblems();
  await playground.run();
  assert.equal(await playground.status(), "FAILED");
  const result = await playground.page.locator("[data-testid=result]").innerText();
  assert.match(result, /States\.QueryEvaluationError/);
  assert.match(result, /\$sum\(\$states\.input\.prices\)/);
  await playground.close();
});

test("JSONata: the order workflow example runs, and the Catch path assigns the reason", async () => {
  const playground = await Playground.open(env.browser, env.server.url);
  await selectExample(playground.page, "order-jsonata");
  await playground.waitForNoProblems();
  await playground.run();
  assert.equal(await playground.status(), "SUCCEEDED");
  assert.deepEqual(await playground.output(), { orderId: "o-1", paymentId: "p-42", notified: "success" });

  await playground.replaceText("mocks", JSON.stringify({
    ProcessPayment: { 0: { Throw: { Error: "PaymentFailedError", Cause: "card declined" } } },
    NotifyPaymentFailure: { 0: { Return: { notified: "failure" } } },
  }));
  await playground.waitForNoProblems();
  await playground.run();
  assert.equal(await playground.status(), "SUCCEEDED");
  assert.deepEqual(await playground.path(), ["ProcessPayment", "NotifyPaymentFailure"]);
  const scheduled = await playground.page.locator("[data-testid=history] tr", { hasText: "LambdaFunctionScheduled" }).last().innerText();
  assert.match(scheduled, /"reason":"card declined"/);
  await playground.close();
});

test("JSONata: hovering $partition or $states.result explains it", async () => {
  const playground = await Playground.open(env.browser, env.server.url);
  await selectExample(playground.page, "order-jsonata");
  await playground.replaceText("definition", definition("{% $partition($states.input.prices, 1) %}"));
  await playground.waitForNoProblems();
  for (const [word, explanation] of [["$partition", /in chunks of size items/], ["$states.result", /result of a Task/]]) {
    const point = await playground.page.evaluate(async (word) => {
      const view = document.querySelector("[data-testid=definition-editor]").aslEditor;
      const at = view.state.doc.toString().indexOf(word) + 3;
      view.dispatch({ selection: { anchor: at }, scrollIntoView: true });
      await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
      const coords = view.coordsAtPos(at);
      return { x: coords.left, y: (coords.top + coords.bottom) / 2 };
    }, word);
    await playground.page.mouse.move(point.x - 40, point.y + 40);
    await playground.page.mouse.move(point.x, point.y, { steps: 5 });
    const hover = playground.page.locator(".asl-hover", { hasText: word });
    await hover.waitFor({ timeout: 5000 });
    assert.match(await hover.innerText(), explanation);
  }
  await playground.close();
});
