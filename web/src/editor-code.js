// The mocks editor's modes for mocks written as code, loaded by editor.js only when the mocks are
// JavaScript or Python (the first load of the playground does not carry them): highlighting,
// completion of the definition's Task state names, and, for JavaScript, syntax errors (and
// imports, which the Worker refuses) shown at their line before anything runs.
import { javascript } from "@codemirror/lang-javascript";
import { python } from "@codemirror/lang-python";
import { linter } from "@codemirror/lint";
import { check } from "./mocks-check.js";

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/// Completion of Task state names: as keys of the exported object (JavaScript) or of the MOCKS
/// dict (Python), with a function to fill in.
function taskNames(mode, names) {
  return (context) => {
    const word = context.matchBefore(/["']?[\w$]*/);
    if (!word || (word.from === word.to && !context.explicit)) return null;
    const quoted = /^["']/.test(word.text);
    const options = names().map((name) => {
      let apply;
      if (quoted) apply = `${word.text[0]}${name}`;
      else if (mode === "python") apply = `"${name}"`;
      else apply = `${IDENTIFIER.test(name) ? name : JSON.stringify(name)}: async (input, context) => {\n    return input;\n  },`;
      return { label: quoted ? `${word.text[0]}${name}` : name, apply, type: "function", detail: "Task state" };
    });
    return { from: word.from, options, validFor: /^["']?[\w$]*$/ };
  };
}

const syntax = linter(
  (view) => {
    const problem = check(view.state.doc.toString());
    if (!problem) return [];
    const length = view.state.doc.length;
    const from = Math.min(problem.from, length);
    return [
      {
        from,
        to: Math.min(Math.max(problem.to, from), length),
        severity: "error",
        message: problem.message,
        source: "mocks",
      },
    ];
  },
  { delay: 300 },
);

/// The language extensions for `mode` ("javascript" or "python"), and its completion source.
export function mode(mode, names) {
  if (mode === "python") return { language: [python()], completion: taskNames("python", names) };
  return { language: [javascript(), syntax], completion: taskNames("javascript", names) };
}
