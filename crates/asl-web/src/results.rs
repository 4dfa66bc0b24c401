//! The result pane as the first load draws it: the path under the graph, and the run's state
//! (idle, running, a problem); a finished run's pane comes from the engine (`engine::Engine::finished_view`).

use leptos::prelude::*;

use crate::engine;
use crate::run::{self, RunView};

#[component]
pub(crate) fn PathView(run_view: RwSignal<RunView>) -> impl IntoView {
    move || match run_view.get() {
        // A loop's rounds are summarised ("Increment → CheckDone ×10,000"): nothing renders per
        // transition.
        RunView::Done(finished) => {
            view! { <ol class="path" data-testid="path" inner_html=run::path_html(&finished.path)></ol> }.into_any()
        }
        _ => view! {
            <p class="quiet">"Run the workflow to colour the states it went through."</p>
        }
        .into_any(),
    }
}

#[component]
pub(crate) fn ResultView(run_view: RwSignal<RunView>) -> impl IntoView {
    move || {
        match run_view.get() {
        RunView::Idle => view! { <p class="quiet" data-testid="status-idle">"Press Run to execute the definition with the input and mocks. Time is virtual: Wait states and retries take no real time."</p> }.into_any(),
        RunView::Running { steps } => view! { <p data-testid="progress">{format!("Running… {steps} steps")}</p> }.into_any(),
        RunView::Problem(message) => view! { <p class="problem-message" data-testid="run-problem" role="alert">{message}</p> }.into_any(),
        // A finished run exists only once the engine is loaded (a run, or an imported history).
        RunView::Done(finished) => match engine::get() {
            Some(engine) => engine.finished_view(finished),
            None => view! { <p class="problem-message" role="alert">"The interpreter is not loaded."</p> }.into_any(),
        },
    }
    }
}
