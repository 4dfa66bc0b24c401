// The check of a JavaScript mocks module before it runs, shared by the mocks editor
// (editor-code.js: syntax errors at their line as you type) and the mocks Worker (mocks-worker.js:
// a module that imports anything is refused, since mocks have no network and nothing to import).
import { parse } from "acorn";

/// The first problem of the module: {from, to, line, column, message} (offsets in UTF-16 code
/// units, line and column from 1), or null.
export function check(source) {
  let ast;
  try {
    ast = parse(source, { ecmaVersion: "latest", sourceType: "module", locations: true, allowHashBang: true });
  } catch (error) {
    const pos = typeof error.pos === "number" ? error.pos : 0;
    return {
      from: pos,
      to: pos + 1,
      line: error.loc ? error.loc.line : 1,
      column: error.loc ? error.loc.column + 1 : 1,
      message: `SyntaxError: ${String(error.message).replace(/ \(\d+:\d+\)$/, "")}`,
    };
  }
  let found = null;
  const visit = (node) => {
    if (found || !node || typeof node.type !== "string") return;
    if (
      node.type === "ImportDeclaration" ||
      node.type === "ImportExpression" ||
      ((node.type === "ExportAllDeclaration" || node.type === "ExportNamedDeclaration") && node.source)
    ) {
      found = node;
      return;
    }
    for (const key of Object.keys(node)) {
      const value = node[key];
      if (Array.isArray(value)) value.forEach(visit);
      else if (value && typeof value === "object" && typeof value.type === "string") visit(value);
    }
  };
  visit(ast);
  if (!found) return null;
  return {
    from: found.start,
    to: found.end,
    line: found.loc.start.line,
    column: found.loc.start.column + 1,
    message:
      "a mocks file cannot import anything (mocks have no network and no modules to load): write the module self-contained",
  };
}

/// The module's first problem as `file:line:column: message`, or null.
export function importProblem(source, fileName) {
  const problem = check(source);
  return problem ? `${fileName}:${problem.line}:${problem.column}: ${problem.message}` : null;
}
