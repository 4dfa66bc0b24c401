//! Mocks written as code in the playground: a JavaScript module (the glue the CLI shares,
//! `web/src/mocks-host.js`) or a Python module of Lambda handlers (the CLI's `runner.py` in
//! Pyodide), run in Web Workers by `web/src/mocks.js`, never in the page.
//!
//! `build/mocks.js` (and the CodeMirror modes, and the Workers, and Pyodide) load only when the
//! mocks are code: the first load of the playground carries none of them. The core shapes each
//! call (`asl::mock::code::CodeCall`) and reads each answer, exactly as `crates/asl-mocks` does for
//! the CLI, so the same mocks file gives the same history in both hosts. The page awaits each
//! answer before the execution moves on (as the CLI does), which is what keeps the two histories
//! equal; the page itself never blocks, and a call past its time limit terminates its Worker.

use std::cell::RefCell;
use std::sync::Arc;

use asl::mock::MockAnswer;
use asl::mock::code::{CodeAnswer, CodeCall, answer_from_host_json};
use asl::{Execution, TaskRequest};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

/// How long one call (or loading the module) may run: the CLI's default (`--mock-timeout`).
pub const TIME_LIMIT_MILLIS: u64 = 5_000;

/// What the mocks editor holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `MockedResponses` JSON, as in Step Functions Local.
    Json,
    JavaScript,
    Python,
}

impl Kind {
    /// The kind of a mocks text: JSON when it is empty or starts with `{` (after comments
    /// JSON does not have, it is code); Python when it has a `MOCKS = …` assignment or starts
    /// its lines with `def`/`import`/`from`/`class` and exports nothing; otherwise JavaScript.
    pub fn detect(text: &str) -> Kind {
        let trimmed = text.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('{') {
            return Kind::Json;
        }
        let python_line = |line: &str| {
            let line = line.trim_end();
            (line.starts_with("MOCKS") && line[5..].trim_start().starts_with('='))
                || ["def ", "import ", "from ", "class ", "async def "]
                    .iter()
                    .any(|start| line.starts_with(start))
        };
        let exports = text.lines().any(|line| line.trim_start().starts_with("export "));
        if !exports && text.lines().any(python_line) {
            Kind::Python
        } else {
            Kind::JavaScript
        }
    }

    /// The editor's mode.
    pub fn mode(self) -> &'static str {
        match self {
            Kind::Json => "json",
            Kind::JavaScript => "javascript",
            Kind::Python => "python",
        }
    }

    /// The file name used in messages and for export.
    pub fn file_name(self) -> &'static str {
        match self {
            Kind::Json => "mocks.json",
            Kind::JavaScript => "mocks.js",
            Kind::Python => "mocks.py",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Kind::Json => "JSON",
            Kind::JavaScript => "JavaScript",
            Kind::Python => "Python",
        }
    }

    pub fn is_code(self) -> bool {
        self != Kind::Json
    }
}

/// A new mocks file of `kind` for the Task states `tasks` (what the kind selector puts in the
/// editor).
pub fn template(kind: Kind, tasks: &[String]) -> String {
    let tasks: Vec<&str> = if tasks.is_empty() {
        vec!["MyTask"]
    } else {
        tasks.iter().map(String::as_str).collect()
    };
    match kind {
        Kind::Json => {
            let members: Vec<String> = tasks
                .iter()
                .map(|name| {
                    format!(
                        "  {}: {{\"0\": {{\"Return\": {{}}}}}}",
                        asl::Value::from(*name).to_json()
                    )
                })
                .collect();
            format!("{{\n{}\n}}\n", members.join(",\n"))
        }
        Kind::JavaScript => {
            let mut text = String::from(
                "// Mocks written as code: each function answers the Task state of its name (then the Lambda\n// function's name, then the resource ARN). It receives the task's input and a context\n// (stateName, invocation, retryCount, mapIndex, taskToken, contextObject); what it returns is\n// the task's result, what it throws fails the task (Error = the error's name).\nexport default {\n",
            );
            for name in tasks {
                let key = if is_identifier(name) {
                    name.to_owned()
                } else {
                    asl::Value::from(name).to_json()
                };
                text.push_str(&format!(
                    "  {key}: async (input, context) => {{\n    return input;\n  }},\n"
                ));
            }
            text.push_str("};\n");
            text
        }
        Kind::Python => {
            let mut text = String::from(
                "# Mocks written as Lambda handlers: MOCKS maps Task state names (or Lambda function names,\n# or resource ARNs) to handlers. A handler receives the task's input and a Lambda-like context;\n# what it returns is the task's result, an exception fails the task (Error = its class name).\n\n",
            );
            let mut entries = Vec::new();
            for (index, name) in tasks.iter().enumerate() {
                let function = format!("handler_{index}");
                text.push_str(&format!("def {function}(event, context):\n    return event\n\n\n"));
                entries.push(format!("    {}: {function},", asl::Value::from(*name).to_json()));
            }
            text.push_str(&format!("MOCKS = {{\n{}\n}}\n", entries.join("\n")));
            text
        }
    }
}

fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|first| first.is_ascii_alphabetic() || first == '_' || first == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
}

#[wasm_bindgen]
extern "C" {
    /// A loaded mocks module (`web/src/mocks.js`).
    type Handle;

    #[wasm_bindgen(method, js_name = call)]
    fn call_js(this: &Handle, request: &str, with_input: bool) -> js_sys::Promise;

    #[wasm_bindgen(method)]
    fn close(this: &Handle);
}

/// What one call printed, and what the host says about it (a restart after a timeout).
#[derive(Clone, Debug, PartialEq)]
pub struct CallLog {
    pub state_name: String,
    pub invocation: u32,
    pub logs: Vec<String>,
    pub note: Option<String>,
}

/// A mocks module loaded in its Worker.
pub struct CodeMocks {
    handle: Handle,
    /// The execution whose input the module's glue has.
    execution_sent: RefCell<Option<Arc<str>>>,
    /// What loading the module printed.
    pub load_logs: Vec<String>,
}

impl Drop for CodeMocks {
    fn drop(&mut self) {
        self.handle.close();
    }
}

fn get(object: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn message_of(error: &JsValue) -> String {
    error
        .as_string()
        .or_else(|| get(error, "message").as_string())
        .unwrap_or_else(|| format!("{error:?}"))
}

/// Loads `build/mocks.js` (beside the page) unless it is there already.
async fn load_script() -> Result<JsValue, String> {
    let window = web_sys::window().ok_or("no window")?;
    let existing = js_sys::Reflect::get(&window, &JsValue::from_str("AslMocks")).unwrap_or(JsValue::UNDEFINED);
    if !existing.is_undefined() {
        return Ok(existing);
    }
    // A module script beside the page (any sub-path works); the module runs once.
    let promise = crate::jsonata::module_script("build/mocks.js", "mocks-script", "build/mocks.js did not load")?;
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map_err(|error| message_of(&error))?;
    let loaded = js_sys::Reflect::get(&window, &JsValue::from_str("AslMocks")).unwrap_or(JsValue::UNDEFINED);
    if loaded.is_undefined() {
        return Err("build/mocks.js did not define AslMocks".to_owned());
    }
    Ok(loaded)
}

impl CodeMocks {
    /// Loads `source` in a Worker; fails with a message (a syntax error, an import, a module
    /// that throws or exports something other than functions, a Worker that does not start).
    pub async fn start(kind: Kind, source: &str) -> Result<CodeMocks, String> {
        let host = load_script().await?;
        let start: js_sys::Function = get(&host, "start")
            .dyn_into()
            .map_err(|_| "AslMocks.start is missing".to_owned())?;
        let args = js_sys::Array::of4(
            &JsValue::from_str(kind.mode()),
            &JsValue::from_str(source),
            &JsValue::from_str(kind.file_name()),
            &JsValue::from_f64(TIME_LIMIT_MILLIS as f64),
        );
        let promise: js_sys::Promise = start
            .apply(&host, &args)
            .map_err(|error| message_of(&error))?
            .dyn_into()
            .map_err(|_| "AslMocks.start gave no promise".to_owned())?;
        let handle = wasm_bindgen_futures::JsFuture::from(promise)
            .await
            .map_err(|error| message_of(&error))?;
        let load_logs = js_sys::Array::from(&get(&handle, "logs"))
            .iter()
            .filter_map(|line| line.as_string())
            .collect();
        Ok(CodeMocks {
            handle: handle.unchecked_into(),
            execution_sent: RefCell::new(None),
            load_logs,
        })
    }

    /// Answers one task request, as `crates/asl-mocks` does in the CLI: the core shapes the
    /// call, the Worker runs it, the core reads the answer.
    pub async fn answer(&self, execution: &Execution, request: &TaskRequest) -> (MockAnswer, CallLog) {
        let call = CodeCall::new(execution, request);
        let mut log = CallLog {
            state_name: call.state_name.to_string(),
            invocation: call.invocation,
            logs: Vec::new(),
            note: None,
        };
        let mut with_input = self.execution_sent.borrow().as_ref() != Some(&call.execution_id);
        let answer = loop {
            let reply =
                wasm_bindgen_futures::JsFuture::from(self.handle.call_js(&call.to_host_json(with_input), with_input))
                    .await
                    .unwrap_or_else(|error| {
                        let reply = js_sys::Object::new();
                        let _ = js_sys::Reflect::set(&reply, &"kind".into(), &"crashed".into());
                        let _ = js_sys::Reflect::set(&reply, &"text".into(), &JsValue::from_str(&message_of(&error)));
                        reply.into()
                    });
            log.note = get(&reply, "note").as_string();
            let text = get(&reply, "text").as_string().unwrap_or_default();
            match get(&reply, "kind").as_string().as_deref() {
                // The module was loaded afresh (another call's timeout restarted its Worker):
                // it needs this execution's input again.
                Some("needsInput") if !with_input => with_input = true,
                Some("answer") => {
                    *self.execution_sent.borrow_mut() = Some(call.execution_id.clone());
                    break match answer_from_host_json(&text) {
                        Ok(answer) => {
                            log.logs = answer.logs;
                            answer.answer
                        }
                        Err(message) => CodeAnswer::Crashed(message),
                    };
                }
                Some("timedOut") => {
                    *self.execution_sent.borrow_mut() = None;
                    break CodeAnswer::TimedOut {
                        limit_millis: TIME_LIMIT_MILLIS,
                    };
                }
                _ => {
                    *self.execution_sent.borrow_mut() = None;
                    break CodeAnswer::Crashed(if text.is_empty() {
                        "the mocks Worker gave no answer".to_owned()
                    } else {
                        text
                    });
                }
            }
        };
        (call.result(&answer), log)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_the_kind_of_a_mocks_text() {
        assert_eq!(Kind::detect(""), Kind::Json);
        assert_eq!(Kind::detect("  {\"A\": {}}"), Kind::Json);
        assert_eq!(
            Kind::detect(include_str!("../../../examples/order-mocks.js")),
            Kind::JavaScript
        );
        assert_eq!(
            Kind::detect(include_str!("../../../examples/order-mocks.py")),
            Kind::Python
        );
        assert_eq!(Kind::detect("MOCKS = {}"), Kind::Python);
        assert_eq!(Kind::detect("export const A = () => 1;"), Kind::JavaScript);
        assert_eq!(Kind::detect("// import nothing\nexport default {}"), Kind::JavaScript);
    }

    #[test]
    fn templates_are_of_their_kind() {
        let tasks = vec!["Pay".to_owned(), "Two words".to_owned()];
        for kind in [Kind::Json, Kind::JavaScript, Kind::Python] {
            let text = template(kind, &tasks);
            assert_eq!(Kind::detect(&text), kind, "{text}");
            assert!(text.contains("Pay") && text.contains("Two words"), "{text}");
        }
        assert!(asl::Value::from_json(&template(Kind::Json, &tasks)).is_ok());
    }
}

/// The mocks pane's header: the kind of the mocks (switching offers a new file of that kind for
/// the definition's Task states), and import / export of the mocks file.
#[leptos::component]
pub fn MocksHeader(
    kind: leptos::prelude::RwSignal<Kind>,
    /// Asked to switch to another kind.
    on_kind: leptos::prelude::Callback<Kind>,
    /// A file was chosen: its text.
    on_import: leptos::prelude::Callback<String>,
    on_export: leptos::prelude::Callback<()>,
) -> impl leptos::IntoView {
    use leptos::prelude::*;
    let choose = move |event: leptos::ev::Event| {
        let value = event_target_value(&event);
        let wanted = match value.as_str() {
            "javascript" => Kind::JavaScript,
            "python" => Kind::Python,
            _ => Kind::Json,
        };
        if wanted != kind.get_untracked() {
            on_kind.run(wanted);
        }
        // The select shows the kind of the text, whatever was chosen.
        if let Some(select) = event
            .target()
            .and_then(|target| target.dyn_into::<web_sys::HtmlSelectElement>().ok())
        {
            select.set_value(kind.get_untracked().mode());
        }
    };
    let import = move |event: leptos::ev::Event| {
        let Some(input) = crate::share::file_input(&event) else {
            return;
        };
        let Some(file) = input.files().and_then(|files| files.get(0)) else {
            return;
        };
        input.set_value("");
        leptos::task::spawn_local(async move {
            if let Ok(text) = wasm_bindgen_futures::JsFuture::from(file.text()).await
                && let Some(text) = text.as_string()
            {
                on_import.run(text);
            }
        });
    };
    view! {
        <h2 title="Task responses: JSON by state name and invocation number, as in Step Functions Local; or a JavaScript module / Python Lambda handlers, run in a Worker">
            "Mocks "
            <select class="mocks-kind" data-testid="mocks-kind" aria-label="Kind of mocks"
                prop:value=move || kind.get().mode() on:change=choose>
                <option value="json">"JSON"</option>
                <option value="javascript">"JavaScript"</option>
                <option value="python">"Python"</option>
            </select>
            <label class="secondary small file-button" title="Open a mocks file (.json, .js, .mjs, .py)">
                "Import"
                <input type="file" data-testid="mocks-import" accept=".json,.js,.mjs,.py" on:change=import />
            </label>
            <button class="secondary small" data-testid="mocks-export" title="Save the mocks file, to run it with asl run --mocks"
                on:click=move |_| on_export.run(())>"Export"</button>
        </h2>
    }
}
