//! The gallery: examples that teach one concept each, with "try this" edits.
//!
//! The lessons (`examples/gallery.json`, copied into `dist/`) load on demand, the first time
//! the gallery opens, so they cost the first load nothing. `asl::lesson` reads them and applies
//! a suggestion's edits, the same code the core's tests run every promise through.

use asl::lesson::{Lesson, Workspace};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::share;

/// What the lessons' view shares with the gallery's button and panel.
#[derive(Clone, Copy)]
pub struct Panel {
    selected: RwSignal<usize>,
    note: RwSignal<String>,
    open_lesson: Callback<Workspace>,
    current: Callback<(), Option<Workspace>>,
    apply: Callback<Workspace>,
}

/// Where the lessons are, relative to the page.
const GALLERY_URL: &str = "gallery.json";

#[derive(Clone)]
enum Loaded {
    NotYet,
    Loading,
    Failed(String),
    Lessons(std::sync::Arc<Vec<Lesson>>),
}

/// The gallery button and its panel. `open_lesson` puts a lesson's workspace in the editors;
/// `apply` applies edits to what the editors hold (`current` reads it).
#[component]
pub fn Gallery(
    open_lesson: Callback<Workspace>,
    current: Callback<(), Option<Workspace>>,
    apply: Callback<Workspace>,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let loaded = RwSignal::new(Loaded::NotYet);
    let selected = RwSignal::new(0usize);
    let note = RwSignal::new(String::new());
    let ensure_loaded = move || {
        if !matches!(loaded.get_untracked(), Loaded::NotYet | Loaded::Failed(_)) {
            return;
        }
        loaded.set(Loaded::Loading);
        spawn_local(async move {
            // Reading and showing lessons lives in the engine's module (`engine.rs`): the
            // gallery leads to runs, so opening it fetches the engine too.
            let result = match share::fetch_text(GALLERY_URL).await {
                Ok(text) => crate::engine::load()
                    .await
                    .and_then(|engine| engine.parse_gallery(&text)),
                Err(message) => Err(message),
            };
            loaded.set(match result {
                Ok(lessons) => Loaded::Lessons(std::sync::Arc::new(lessons)),
                Err(message) => Loaded::Failed(message),
            });
        });
    };
    let panel = Panel {
        selected,
        note,
        open_lesson,
        current,
        apply,
    };
    view! {
        <button class="secondary" data-testid="gallery-button" aria-expanded=move || open.get().to_string()
            title="Examples that each teach one concept, with things to try"
            on:click=move |_| { ensure_loaded(); open.update(|open| *open = !*open); }>
            "Gallery"
        </button>
        <Show when=move || open.get()>
            <div class="gallery" data-testid="gallery" role="dialog" aria-label="Gallery of examples">
                <button class="secondary small close" aria-label="Close the gallery" on:click=move |_| open.set(false)>"×"</button>
                {move || match loaded.get() {
                    Loaded::NotYet | Loaded::Loading => view! { <p class="quiet">"Loading the gallery…"</p> }.into_any(),
                    Loaded::Failed(message) => view! { <p class="problem-message" role="alert">{message}</p> }.into_any(),
                    Loaded::Lessons(lessons) => match crate::engine::get() {
                        Some(engine) => engine.gallery_lessons(lessons, panel),
                        None => view! { <p class="problem-message" role="alert">"The interpreter is not loaded."</p> }.into_any(),
                    },
                }}
            </div>
        </Show>
    }
}

/// The list of lessons and the selected one (`engine::Engine::gallery_lessons`).
pub fn lessons_view(lessons: std::sync::Arc<Vec<Lesson>>, panel: Panel) -> AnyView {
    let Panel {
        selected,
        note,
        open_lesson,
        current,
        apply,
    } = panel;
    let lesson_view = move |lessons: std::sync::Arc<Vec<Lesson>>| {
        let index = selected.get().min(lessons.len().saturating_sub(1));
        let Some(lesson) = lessons.get(index).cloned() else {
            return view! { <p class="quiet">"The gallery is empty."</p> }.into_any();
        };
        let workspace = lesson.workspace();
        let suggestions = lesson.suggestions.clone();
        view! {
            <article class="lesson" data-testid="lesson" data-lesson=lesson.id.clone()>
                <h2>{lesson.title.clone()}</h2>
                <p class="concept">{lesson.concept.clone()}</p>
                <p>{lesson.explanation.clone()}</p>
                <p>
                    <button class="primary small" data-testid="lesson-open"
                        on:click=move |_| { open_lesson.run(workspace.clone()); note.set("Opened: press Run.".to_owned()); }>
                        "Open this example"
                    </button>
                    " "
                    <a href=lesson.docs.clone() target="_blank" rel="noopener">"AWS documentation"</a>
                </p>
                <h3>"Try this"</h3>
                <ol class="suggestions">
                    {suggestions
                        .into_iter()
                        .enumerate()
                        .map(|(number, suggestion)| {
                            let edits = suggestion.edits.clone();
                            view! {
                                <li>
                                    {suggestion.text.clone()} " "
                                    <button class="secondary small" data-testid="lesson-try" data-try=number.to_string()
                                        aria-label=format!("Apply suggestion {} to the editors", number + 1)
                                        on:click=move |_| {
                                            let Some(workspace) = current.run(()) else { return };
                                            match workspace.edited(&edits) {
                                                Ok(edited) => { apply.run(edited); note.set("Applied: press Run.".to_owned()); }
                                                Err(message) => note.set(format!("This suggestion fits the example as it was opened: {message}.")),
                                            }
                                        }>
                                        "Apply"
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()}
                </ol>
                <p class="quiet" role="status" data-testid="lesson-note">{move || note.get()}</p>
            </article>
        }
        .into_any()
    };
    let list = lessons.clone();
    view! {
        <nav class="lessons" aria-label="Examples">
            {list.iter().enumerate().map(|(index, lesson)| view! {
                <button class="link" data-testid="lesson-item" data-lesson=lesson.id.clone()
                    aria-current=move || (selected.get() == index).then_some("true")
                    on:click=move |_| { selected.set(index); note.set(String::new()); }>
                    {lesson.title.clone()}
                </button>
            }).collect_view()}
        </nav>
        {move || lesson_view(lessons.clone())}
    }
    .into_any()
}
