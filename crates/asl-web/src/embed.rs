//! Embed mode, for documentation pages: `index.html?embed` in an iframe.
//!
//! A compact layout (the editors, the graph, Run and Debug; the rest hidden by the `embed` class
//! on `<body>`), optionally read-only (`&readonly`), editors that never touch the visitor's saved work (no storage), and "Open in
//! the full playground". The page gives the workspace by URL fragment (a share link's `#s=…`)
//! or by `postMessage({type: "asl-playground:load", definition, input, mocks}, "*")`; a
//! message is accepted only from the parent window, only from the origin named by
//! `?embed&origin=…` when there is one, and only with string fields, which only ever become
//! editor text. The embed says `{type: "asl-playground:ready"}` to its parent once it listens,
//! and answers a load with `{type: "asl-playground:loaded"}`.

use asl::lesson::Workspace;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

/// The query parameters of the page, when it has any.
fn query() -> Option<web_sys::UrlSearchParams> {
    let search = web_sys::window()?.location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search).ok()
}

/// Whether the page runs embedded (`?embed`).
pub fn is_embed() -> bool {
    query().is_some_and(|params| params.has("embed"))
}

/// Whether an embed's editors are read-only (`?embed&readonly`): visitors run and step, but do
/// not edit (messages from the page still load workspaces).
pub fn is_read_only() -> bool {
    query().is_some_and(|params| params.has("readonly"))
}

/// Marks the page as embedded, for the compact layout.
pub fn mark_body() {
    if let Some(body) = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.body())
    {
        let _ = body.class_list().add_1("embed");
    }
}

/// Listens for workspaces sent by the embedding page; `load` puts one in the editors.
pub fn listen(load: impl Fn(Workspace) + 'static) {
    let Some(window) = web_sys::window() else { return };
    let allowed_origin = query().and_then(|params| params.get("origin"));
    let handler = Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
        let Some(window) = web_sys::window() else { return };
        let from_parent = match (event.source(), window.parent().ok().flatten()) {
            (Some(source), Some(parent)) => {
                let parent: JsValue = parent.into();
                js_sys::Object::is(&source.into(), &parent)
            }
            _ => false,
        };
        if !from_parent || allowed_origin.as_ref().is_some_and(|origin| *origin != event.origin()) {
            return;
        }
        let Some(workspace) = workspace_from_message(&event.data()) else {
            return;
        };
        load(workspace);
        let reply = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&reply, &"type".into(), &"asl-playground:loaded".into());
        if let Some(source) = event.source() {
            let _ = js_sys::Reflect::get(&source, &"postMessage".into())
                .ok()
                .and_then(|post| post.dyn_into::<js_sys::Function>().ok())
                .map(|post| post.call2(&source, &reply, &JsValue::from_str(&event.origin())));
        }
    });
    let _ = window.add_event_listener_with_callback("message", handler.as_ref().unchecked_ref());
    handler.forget();
    // Tells the page that messages are listened to now (a message sent earlier would be lost).
    if let Ok(Some(parent)) = window.parent() {
        let ready = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&ready, &"type".into(), &"asl-playground:ready".into());
        let _ = parent.post_message(&ready, "*");
    }
}

/// The workspace a message carries: `type` must be `asl-playground:load`, `definition` a
/// string; `input` and `mocks` are strings or absent (`{}`). Anything else is ignored.
fn workspace_from_message(data: &JsValue) -> Option<Workspace> {
    let field = |name: &str| js_sys::Reflect::get(data, &JsValue::from_str(name)).ok();
    if field("type")?.as_string()? != "asl-playground:load" {
        return None;
    }
    let text = |name: &str| -> Option<Option<String>> {
        match field(name) {
            None => Some(None),
            Some(value) if value.is_undefined() => Some(None),
            Some(value) => value.as_string().map(Some),
        }
    };
    Some(Workspace {
        definition: text("definition")??,
        input: text("input")?.unwrap_or_else(|| "{}\n".to_owned()),
        mocks: text("mocks")?.unwrap_or_else(|| "{}\n".to_owned()),
        start_time: None,
        seed: 0,
    })
}
