//! JSONata in the page: jsonata 2.0.6 and the shared glue (`web/src/jsonata-host.js`), bundled
//! by esbuild into `build/jsonata.js` and loaded only when a definition uses JSONata, so the first
//! load of the playground stays small.
//!
//! The glue's `$partition`, `$range`, `$hash`, `$random`, `$uuid` and `$parse` call back into
//! `asl::jsonata::call_function` through the export `jsonataFunction`.

use asl::EvaluationRequest;
use asl::jsonata::{Answer, SyntaxChecker, SyntaxError};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `window.AslJsonata`, once `jsonata.js` has loaded.
    type AslJsonata;

    #[wasm_bindgen(method, catch)]
    fn check(this: &AslJsonata, expression: &str) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(method, catch)]
    fn evaluate(this: &AslJsonata, request: &str) -> Result<js_sys::Promise, JsValue>;
}

fn host() -> Option<AslJsonata> {
    let window = web_sys::window()?;
    let value = js_sys::Reflect::get(&window, &JsValue::from_str("AslJsonata")).ok()?;
    (!value.is_undefined() && !value.is_null()).then(|| value.unchecked_into())
}

/// Whether the engine is in the page.
pub fn is_loaded() -> bool {
    host().is_some()
}

/// The functions Step Functions adds to JSONata, for the glue (`build/jsonata.js` calls it
/// through trunk's `window.wasmBindings`): arguments and answer as JSON text.
#[wasm_bindgen(js_name = jsonataFunction)]
pub fn jsonata_function(name: &str, args: &str, seed: &str, counter: f64) -> JsValue {
    // JSONata evaluates only in runs, so the engine is loaded: it holds the functions.
    let answer = match crate::engine::get() {
        Some(engine) => engine.jsonata_function(name, args, seed, counter as u64),
        None => r#"{"error":"the interpreter is not loaded"}"#.to_owned(),
    };
    JsValue::from_str(&answer)
}

/// Loads `jsonata.js` (beside the page, so any sub-path works) unless it is there already.
pub async fn load() -> Result<(), String> {
    if is_loaded() {
        return Ok(());
    }
    // One script element for all callers: those that come while it loads await the same promise.
    let promise = match LOADING.with(|loading| loading.borrow().clone()) {
        Some(promise) => promise,
        None => {
            let promise = module_script("build/jsonata.js", "jsonata-script", "jsonata.js did not load")?;
            LOADING.with(|loading| *loading.borrow_mut() = Some(promise.clone()));
            promise
        }
    };
    let res = wasm_bindgen_futures::JsFuture::from(promise).await;
    if res.is_err() {
        LOADING.with(|loading| *loading.borrow_mut() = None); // let a later call try again
    }
    res.map(|_| ()).map_err(|error| {
        error
            .as_string()
            .unwrap_or_else(|| "jsonata.js did not load".to_owned())
    })
}

thread_local! {
    static LOADING: std::cell::RefCell<Option<js_sys::Promise>> = const { std::cell::RefCell::new(None) };
}

/// Adds `<script type="module" src=…>` to the page (a URL relative to the page, so any sub-path
/// works; a script element, not `import()` from a string, so the page needs no `unsafe-eval` in
/// its Content-Security-Policy): resolves once it has run, rejects with `failure`.
pub fn module_script(
    src: &'static str,
    testid: &'static str,
    failure: &'static str,
) -> Result<js_sys::Promise, String> {
    let document = web_sys::window()
        .and_then(|window| window.document())
        .ok_or("no document")?;
    Ok(js_sys::Promise::new(&mut |resolve, reject| {
        let Ok(script) = document.create_element("script") else {
            let _ = reject.call1(&JsValue::NULL, &JsValue::from_str("cannot create a script element"));
            return;
        };
        let _ = script.set_attribute("type", "module");
        let _ = script.set_attribute("src", src);
        let _ = script.set_attribute("data-testid", testid);
        let on_load = Closure::once_into_js(move || {
            let _ = resolve.call0(&JsValue::NULL);
        });
        let on_error = Closure::once_into_js(move || {
            let _ = reject.call1(&JsValue::NULL, &JsValue::from_str(failure));
        });
        let _ = js_sys::Reflect::set(&script, &JsValue::from_str("onload"), &on_load);
        let _ = js_sys::Reflect::set(&script, &JsValue::from_str("onerror"), &on_error);
        if let Some(head) = document.head() {
            let _ = head.append_child(&script);
        }
    }))
}

/// The engine's parser, for live diagnostics (a no-op until `jsonata.js` has loaded).
pub struct BrowserSyntax;

impl SyntaxChecker for BrowserSyntax {
    fn check(&self, expression: &str) -> Result<(), SyntaxError> {
        let Some(host) = host() else { return Ok(()) };
        let Ok(found) = host.check(expression) else {
            return Ok(());
        };
        if found.is_null() || found.is_undefined() {
            return Ok(());
        }
        let get = |key: &str| js_sys::Reflect::get(&found, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED);
        Err(SyntaxError {
            position: get("position").as_f64().unwrap_or(0.0) as usize,
            code: get("code").as_string().unwrap_or_default(),
            message: get("message").as_string().unwrap_or_default(),
        })
    }
}

/// Evaluates a request with jsonata (asynchronously, as jsonata 2 does).
pub async fn evaluate(request: &EvaluationRequest) -> Vec<Answer> {
    let count = request.expressions.len();
    let fail = |message: String| vec![Err(message); count];
    if let Err(message) = load().await {
        return fail(format!("the JSONata engine is not available: {message}"));
    }
    let Some(host) = host() else {
        return fail("the JSONata engine is not available".to_owned());
    };
    let promise = match host.evaluate(&request.to_host_json()) {
        Ok(promise) => promise,
        Err(error) => return fail(format!("JSONata evaluation failed: {error:?}")),
    };
    match wasm_bindgen_futures::JsFuture::from(promise).await {
        Ok(text) => match asl::jsonata::answers_from_host_json(&text.as_string().unwrap_or_default()) {
            Ok(answers) if answers.len() == count => answers,
            Ok(_) => fail("the JSONata engine gave the wrong number of answers".to_owned()),
            Err(message) => fail(message),
        },
        Err(error) => fail(format!("JSONata evaluation failed: {error:?}")),
    }
}
