// The first-visit tour (loaded on demand by theme.js, only when the tour was never dismissed or
// finished, and never in an embed): edit, run, make the payment fail, see why. A small panel that
// blocks nothing: the page stays usable while it shows, and Skip, Escape or Finish end it for
// good (localStorage). "Next" does what the step describes, so the tour also works by reading.

function click(selector) {
  const element = document.querySelector(selector);
  if (element && !element.disabled) element.click();
}

// The declined payment: the examples menu's "payment declined (Catch)" example, whose mocks make
// ProcessPayment throw PaymentFailedError. The app asks before replacing edited text, and says
// which example the editors hold on the body (`data-example`) once its texts are in: Run waits
// for that (for at most ten seconds; if the user kept their own text, it is not pressed).
function failThePayment() {
  const menu = document.querySelector("[data-testid=examples]");
  if (!menu) return;
  const example = "order-payment-failed";
  menu.value = example;
  menu.dispatchEvent(new Event("change", { bubbles: true }));
  const started = Date.now();
  const runWhenLoaded = () => {
    if (document.body.dataset.example === example) click("[data-testid=run]");
    else if (Date.now() - started < 10000) setTimeout(runWhenLoaded, 50);
  };
  runWhenLoaded();
}

const STEPS = [
  {
    target: "[data-testid=definition-editor]",
    title: "1. Edit the state machine",
    text: "This is an order workflow in Amazon States Language. Edit it here: problems show as you type, the graph follows, and hovering a field explains it.",
  },
  {
    target: "[data-testid=run]",
    title: "2. Run it",
    text: "Run executes the workflow in your browser against the mocks: every Task is answered by them, and time is virtual. Next presses Run for you.",
    next: () => click("[data-testid=run]"),
  },
  {
    target: "[data-testid=mocks-editor]",
    title: "3. Make the payment fail",
    text: "The mocks decide what each Task returns. Next switches them to the declined payment, where ProcessPayment throws PaymentFailedError, and runs again.",
    next: failThePayment,
  },
  {
    target: "[data-testid=graph]",
    title: "4. See why",
    text: "The Catch on ProcessPayment expects PaymentFailedError: the dashed Catch path to NotifyPaymentFailure is the one taken. The events below show the failure, with its error and its cause.",
  },
];

export function start(storageKey) {
  if (document.querySelector("[data-testid=tour]")) return;
  let index = 0;
  let target = null;

  const panel = document.createElement("section");
  panel.className = "tour";
  panel.dataset.testid = "tour";
  panel.setAttribute("role", "dialog");
  panel.setAttribute("aria-labelledby", "tour-title");
  const title = document.createElement("h2");
  title.id = "tour-title";
  const text = document.createElement("p");
  const buttons = document.createElement("div");
  buttons.className = "tour-buttons";
  const skip = document.createElement("button");
  skip.type = "button";
  skip.className = "secondary small";
  skip.dataset.testid = "tour-skip";
  skip.textContent = "Skip the tour";
  const next = document.createElement("button");
  next.type = "button";
  next.className = "primary small";
  next.dataset.testid = "tour-next";
  buttons.append(skip, next);
  panel.append(title, text, buttons);

  function end(how) {
    if (target) target.classList.remove("tour-target");
    panel.remove();
    document.removeEventListener("keydown", onKey);
    try {
      window.localStorage.setItem(storageKey, how);
    } catch (_) {
      // Storage refused: the tour may come back on the next visit.
    }
  }

  function show() {
    const step = STEPS[index];
    if (target) target.classList.remove("tour-target");
    target = document.querySelector(step.target);
    if (target) target.classList.add("tour-target");
    panel.dataset.step = String(index + 1);
    title.textContent = step.title;
    text.textContent = step.text;
    next.textContent = index + 1 === STEPS.length ? "Finish" : "Next";
  }

  function onKey(event) {
    if (event.key === "Escape" && panel.contains(document.activeElement)) end("dismissed");
  }

  skip.addEventListener("click", () => end("dismissed"));
  next.addEventListener("click", () => {
    const step = STEPS[index];
    if (step.next) step.next();
    if (index + 1 === STEPS.length) {
      end("finished");
      return;
    }
    index += 1;
    show();
  });
  document.addEventListener("keydown", onKey);
  // First in the tab order, drawn in a corner: keyboard users reach it at once, and it covers
  // none of the controls it talks about.
  document.body.prepend(panel);
  show();
}
