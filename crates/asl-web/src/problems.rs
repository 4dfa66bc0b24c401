//! The problems list: the core's diagnostics for each editor pane, with their positions in the
//! editors' UTF-16 offsets, and the squiggles each editor shows for them.

use crate::editor::{EditorDiagnostic, Utf16Offsets};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Pane {
    Definition,
    Input,
    Mocks,
}

impl Pane {
    pub(crate) fn label(self) -> &'static str {
        match self {
            Pane::Definition => "Definition",
            Pane::Input => "Input",
            Pane::Mocks => "Mocks",
        }
    }
}

/// One entry of the problems list.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Problem {
    pub(crate) pane: Pane,
    pub(crate) severity: &'static str,
    pub(crate) code: &'static str,
    pub(crate) message: String,
    pub(crate) pointer: String,
    pub(crate) line: usize,
    pub(crate) column: usize,
    pub(crate) from: u32,
    pub(crate) to: u32,
}

fn problems_for_json(text: &str, pane: Pane) -> Vec<Problem> {
    let (_, diagnostics) = asl::syntax::parse(text);
    to_problems(text, pane, &diagnostics)
}

fn to_problems(text: &str, pane: Pane, diagnostics: &[asl::Diagnostic]) -> Vec<Problem> {
    let index = asl::LineIndex::new(text);
    let offsets = Utf16Offsets::new(text);
    diagnostics
        .iter()
        .map(|diagnostic| {
            let position = index.line_col_utf16(text, diagnostic.span.start);
            Problem {
                pane,
                severity: match diagnostic.severity {
                    asl::Severity::Error => "error",
                    asl::Severity::Warning => "warning",
                },
                code: diagnostic.code,
                message: diagnostic.message.clone(),
                pointer: diagnostic.pointer.clone(),
                line: position.line,
                column: position.column,
                from: offsets.to_utf16(diagnostic.span.start),
                to: offsets.to_utf16(diagnostic.span.end),
            }
        })
        .collect()
}

pub(crate) fn editor_diagnostics(problems: &[Problem], pane: Pane) -> Vec<EditorDiagnostic> {
    problems
        .iter()
        .filter(|problem| problem.pane == pane)
        .map(|problem| EditorDiagnostic {
            from: problem.from,
            to: problem.to.max(problem.from + 1),
            severity: problem.severity,
            message: format!("{} [{}]", problem.message, problem.code),
        })
        .collect()
}

/// Every problem of the three panes: the definition's diagnostics, JSON errors in the input and
/// the mocks, mocks of the wrong shape, the error-name trap in mocks written as code (at the
/// raise and on the Catch or Retry it misses), and `run_warnings`, what the last run of this
/// very definition revealed. Code mocks' syntax is checked in their editor and by their Worker.
pub(crate) fn all(
    definition: &str,
    checked: &asl::Checked,
    input: &str,
    mocks: &str,
    kind: crate::mocks_code::Kind,
    run_warnings: &[asl::Diagnostic],
) -> Vec<Problem> {
    let mut found = to_problems(definition, Pane::Definition, &checked.diagnostics);
    found.extend(problems_for_json(input, Pane::Input));
    // Mocks written as code: the classic trap of an error named only in its message.
    let code_language = asl::mock::lint::CodeLanguage::guess(mocks);
    if let Some(language) = code_language {
        let warnings = asl::mock::lint::mock_code(definition, &checked.definition, mocks, language);
        let (in_code, on_definition): (Vec<asl::Diagnostic>, Vec<asl::Diagnostic>) = warnings
            .into_iter()
            .map(|warning| {
                let mut in_code = warning.diagnostic.clone();
                in_code.span = warning.span;
                (in_code, warning.diagnostic)
            })
            .unzip();
        found.extend(to_problems(mocks, Pane::Mocks, &in_code));
        found.extend(to_problems(definition, Pane::Definition, &on_definition));
    }
    // Code is checked in its editor (JavaScript syntax as you type) and by its Worker.
    let mocks_problems = if kind.is_code() {
        Vec::new()
    } else {
        problems_for_json(mocks, Pane::Mocks)
    };
    if mocks_problems.is_empty()
        && !kind.is_code()
        && let Ok(value) = asl::Value::from_json(mocks)
        && let Err(message) = asl::mock::Mocks::from_value(&value)
    {
        found.push(Problem {
            pane: Pane::Mocks,
            severity: "error",
            code: "invalid-mocks",
            message,
            pointer: String::new(),
            line: 1,
            column: 1,
            from: 0,
            to: 1,
        });
    }
    found.extend(mocks_problems);
    found.extend(to_problems(definition, Pane::Definition, run_warnings));
    found
}
