//! What debugging costs: the data-flow trace on long runs, and time travel in a long history.
//! `cargo bench -p asl --bench debugging`. The workloads are those of `../shared/bench`
//! (loop-N: a Pass with States.MathAdd and a Choice, N times; map-N: an inline Map over N items
//! of three Pass states with intrinsics).

use asl::{Execution, ExecutionOptions, Limits, Step, Timeline, Value};

fn main() {
    divan::main();
}

fn loop_machine(iterations: usize) -> asl::ValidMachine {
    let text = format!(
        r#"{{"StartAt": "Increment", "States": {{
            "Increment": {{"Type": "Pass", "Parameters": {{"i.$": "States.MathAdd($.i, 1)"}}, "Next": "CheckDone"}},
            "CheckDone": {{"Type": "Choice", "Choices": [{{"Variable": "$.i", "NumericLessThan": {iterations}, "Next": "Increment"}}], "Default": "Done"}},
            "Done": {{"Type": "Succeed"}}}}}}"#
    );
    asl::load(&text).unwrap()
}

fn map_machine() -> asl::ValidMachine {
    asl::load(
        r#"{"StartAt": "ProcessItems", "States": {"ProcessItems": {"Type": "Map", "ItemsPath": "$.items",
            "MaxConcurrency": 0, "End": true, "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "Extract", "States": {
            "Extract": {"Type": "Pass", "Parameters": {"id.$": "$.id", "label.$": "States.Format('{} x{}', $.name, $.qty)",
                        "qty.$": "$.qty", "firstTag.$": "$.tags[0]"}, "Next": "Enrich"},
            "Enrich": {"Type": "Pass", "Parameters": {"id.$": "$.id", "label.$": "$.label",
                       "total.$": "States.MathAdd($.qty, $.id)", "key.$": "States.Format('{}/{}', $.firstTag, $.id)"}, "Next": "Shape"},
            "Shape": {"Type": "Pass", "Parameters": {"key.$": "$.key",
                      "summary.$": "States.Format('{}: {} (total {})', $.key, $.label, $.total)", "total.$": "$.total", "ok": true},
                      "End": true}}}}}}"#,
    )
    .unwrap()
}

fn map_input(items: i64) -> Value {
    let tags = |id: i64| {
        if id % 2 == 0 {
            Value::array(vec![Value::from("c")])
        } else {
            Value::array(vec![Value::from("a"), Value::from("b")])
        }
    };
    Value::object_from([(
        "items",
        Value::array(
            (0..items)
                .map(|id| {
                    Value::object_from([
                        ("id", Value::from_i64(id)),
                        ("name", Value::from(format!("item-{id}"))),
                        ("qty", Value::from_i64(id)),
                        ("tags", tags(id)),
                    ])
                })
                .collect(),
        ),
    )])
}

fn run(machine: &asl::ValidMachine, input: Value, trace: bool) -> Execution {
    let options = ExecutionOptions {
        limits: Limits::none(),
        trace,
        ..ExecutionOptions::default()
    };
    let mut execution = Execution::start(machine, input, options);
    assert!(execution.run_to_end(u64::MAX, |_| Ok(Value::Null)).unwrap());
    execution
}

#[divan::bench(args = [false, true])]
fn loop_100000_trace(bencher: divan::Bencher, trace: bool) {
    let machine = loop_machine(100_000);
    bencher.bench(|| run(&machine, Value::object_from([("i", Value::from_i64(0))]), trace));
}

#[divan::bench(args = [false, true])]
fn map_10000_trace(bencher: divan::Bencher, trace: bool) {
    let machine = map_machine();
    let input = map_input(10_000);
    bencher.bench(|| run(&machine, input.clone(), trace));
}

/// loop-10000 with AWS's limits on: it stops at 25,000 history events, as the playground's
/// debugger would see it; recorded call by call.
fn recorded_loop() -> Timeline {
    let options = ExecutionOptions {
        trace: true,
        ..ExecutionOptions::default()
    };
    let execution = Execution::start(
        &loop_machine(10_000),
        Value::object_from([("i", Value::from_i64(0))]),
        options,
    );
    let mut timeline = Timeline::new(execution);
    loop {
        match timeline.step().unwrap() {
            Step::Finished | Step::Blocked { next_wakeup: None } => break,
            Step::Blocked {
                next_wakeup: Some(time),
            } => timeline.advance_clock(time).unwrap(),
            _ => {}
        }
    }
    assert!(timeline.latest().history().len() > 25_000);
    timeline
}

/// Going back `calls` calls from the end of a 25,000-event execution.
#[divan::bench(args = [1, 100, 10_000])]
fn go_back(bencher: divan::Bencher, calls: usize) {
    let mut timeline = recorded_loop();
    let len = timeline.len();
    bencher.bench_local(|| {
        timeline.go_to(len).unwrap();
        timeline.go_to(len - calls).unwrap();
    });
}

/// Jumping to an event of a 25,000-event execution from another far away, as the debugger's
/// scrubber does: from the end to the first event, and from the start to the middle.
#[divan::bench]
fn scrub_far(bencher: divan::Bencher) {
    let mut timeline = recorded_loop();
    let middle = timeline.position_of_event(12_500);
    bencher.bench_local(|| {
        timeline.go_to(0).unwrap();
        timeline.go_to(middle).unwrap();
    });
}
