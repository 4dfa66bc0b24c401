// The JSONata host, shared by the browser (bundled by esbuild into web/build/jsonata.js) and the
// CLI (run by QuickJS in crates/asl-jsonata). It wraps jsonata 2.0.6, the version AWS runs, as
// Step Functions does:
// - $partition, $range, $hash, $random, $uuid and $parse call `native`, the one implementation
//   in Rust (asl::jsonata::call_function), through JSON text;
// - $eval is not available (AWS removed it): $parse instead;
// - $now() and $millis() read the execution's virtual clock, so runs are deterministic;
// - evaluation is bounded: deep recursion and long loops fail with a clear error.
//
// This file is a plain script: it defines one global function and nothing else.

globalThis.createAslJsonata = function createAslJsonata(jsonata, native) {
  const FUNCTIONS = ["partition", "range", "hash", "random", "uuid", "parse"];
  const MAX_DEPTH = 400;
  const MAX_ENTRIES = 5_000_000;
  const MAX_MILLIS = 5_000;
  const compiled = new Map();
  let fromMillis = null;

  // The bounds of the evaluation in progress (one at a time: hosts await each request).
  const budget = { depth: 0, entries: 0, started: 0 };
  function onEntry() {
    budget.depth += 1;
    budget.entries += 1;
    if (budget.depth > MAX_DEPTH) {
      throw { code: "SFN02", message: "Stack overflow: the expression recursed too deeply; check for a recursive function that never ends" };
    }
    if (budget.entries % 1000 === 0 && (budget.entries > MAX_ENTRIES || Date.now() - budget.started > MAX_MILLIS)) {
      throw { code: "SFN03", message: "The expression ran too long; check for a loop that never ends" };
    }
  }
  function onExit() {
    budget.depth -= 1;
  }

  function compile(expression) {
    let expr = compiled.get(expression);
    if (!expr) {
      if (compiled.size > 2000) compiled.clear();
      expr = jsonata(expression);
      expr.assign(Symbol.for("jsonata.__evaluate_entry"), onEntry);
      expr.assign(Symbol.for("jsonata.__evaluate_exit"), onExit);
      compiled.set(expression, expr);
    }
    return expr;
  }

  function describe(error) {
    if (error && typeof error === "object" && error.code) {
      const at = typeof error.position === "number" ? ` at position ${error.position}` : "";
      return `${error.code}${at}: ${error.message}`;
    }
    if (error && error.message) return String(error.message);
    return String(error);
  }

  // jsonata's own $fromMillis, so that $now(picture, timezone) formats like jsonata does.
  const ready = jsonata("$fromMillis")
    .evaluate(undefined, {})
    .then((fn) => {
      fromMillis = fn && fn.implementation ? fn.implementation : null;
    });

  function bindingsFor(request, calls) {
    const bindings = { ...(request.bindings || {}) };
    for (const name of FUNCTIONS) {
      bindings[name] = function (...args) {
        const answer = JSON.parse(native(name, JSON.stringify(args), String(request.seed), calls.count++));
        if ("error" in answer) {
          throw { code: "States.QueryEvaluationError", message: answer.error };
        }
        return answer.value;
      };
    }
    bindings.eval = function () {
      throw { code: "SFN01", message: "$eval is not available in Step Functions; use $parse to read JSON text" };
    };
    const now = Number(request.now);
    bindings.millis = () => now;
    bindings.now = (picture, timezone) =>
      fromMillis ? fromMillis(now, picture, timezone) : new Date(now).toISOString();
    return bindings;
  }

  function finiteOnly(key, value) {
    if (typeof value === "number" && !Number.isFinite(value)) {
      throw { code: "SFN04", message: "the expression gave a number JSON cannot hold (Infinity or NaN)" };
    }
    return value;
  }

  return {
    // null, or where and why the expression does not parse.
    check(expression) {
      try {
        compile(expression);
        return null;
      } catch (error) {
        return {
          position: typeof error.position === "number" ? error.position : 0,
          code: String(error.code || "S0000"),
          message: String(error.message || error),
        };
      }
    },

    // requestJson: {"expressions": [...], "bindings": {...}, "seed": "…", "now": millis}.
    // Resolves to JSON text: one {"value": v} | {"undefined": true} | {"error": "…"} per expression.
    async evaluate(requestJson) {
      await ready;
      const request = JSON.parse(requestJson);
      const answers = [];
      const calls = { count: 0 };
      for (const expression of request.expressions) {
        const bindings = bindingsFor(request, calls);
        budget.depth = 0;
        budget.entries = 0;
        budget.started = Date.now();
        try {
          const value = await compile(expression).evaluate(undefined, bindings);
          if (value === undefined) {
            answers.push('{"undefined":true}');
          } else if (typeof value === "function" || (value && (value._jsonata_function || value._jsonata_lambda))) {
            // asl::jsonata::FUNCTION_RESULT: the core words it as AWS does ("an unsupported result type").
            answers.push(JSON.stringify({ error: "the expression gave a function, which JSON cannot hold" }));
          } else {
            answers.push(JSON.stringify({ value: value }, finiteOnly));
          }
        } catch (error) {
          answers.push(JSON.stringify({ error: describe(error) }));
        }
      }
      return "[" + answers.join(",") + "]";
    },
  };
};
