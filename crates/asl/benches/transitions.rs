//! Throughput of the interpreter itself (no process start-up, no file reading).
//! `cargo bench -p asl --bench transitions`; divan prints the time per execution and
//! transitions per second (items = state transitions).

use asl::{Execution, ExecutionOptions, Limits, Value};

fn main() {
    divan::main();
}

/// Init, then N rounds of Choice + Pass (States.MathAdd on $.i), then the last Choice and Succeed: 2N+3 transitions.
fn loop_machine(iterations: usize) -> asl::ValidMachine {
    let text = format!(
        r#"{{"StartAt": "Init", "States": {{
            "Init": {{"Type": "Pass", "Result": 0, "ResultPath": "$.i", "Next": "Check"}},
            "Check": {{"Type": "Choice", "Choices": [{{"Variable": "$.i", "NumericLessThan": {iterations}, "Next": "Increment"}}], "Default": "Done"}},
            "Increment": {{"Type": "Pass", "Parameters": {{"i.$": "States.MathAdd($.i, 1)"}}, "Next": "Check"}},
            "Done": {{"Type": "Succeed"}}}}}}"#
    );
    asl::load(&text).unwrap()
}

#[divan::bench(args = [1_000, 100_000])]
fn pass_choice_loop(bencher: divan::Bencher, iterations: usize) {
    let machine = loop_machine(iterations);
    let transitions = 2 * iterations as u64 + 3;
    bencher.counter(divan::counter::ItemsCount::new(transitions)).bench(|| {
        let options = ExecutionOptions {
            limits: Limits::none(),
            ..ExecutionOptions::default()
        };
        let mut execution = Execution::start(&machine, Value::empty_object(), options);
        execution.run_to_end(u64::MAX, |_| Ok(Value::Null)).unwrap();
        assert_eq!(execution.transitions(), transitions);
        execution
    });
}

#[divan::bench(args = [1_000, 10_000])]
fn inline_map_of_pass_states(bencher: divan::Bencher, items: usize) {
    let machine = asl::load(
        r#"{"StartAt": "Each", "States": {"Each": {"Type": "Map", "ItemsPath": "$.items", "End": true,
            "ItemProcessor": {"StartAt": "A", "States": {
                "A": {"Type": "Pass", "Parameters": {"id.$": "$.id", "label.$": "States.Format('item {}', $.id)"}, "Next": "B"},
                "B": {"Type": "Pass", "Parameters": {"label.$": "$.label", "next.$": "States.MathAdd($.id, 1)"}, "End": true}}}}}}"#,
    )
    .unwrap();
    let input = Value::object_from([(
        "items",
        Value::array(
            (0..items as i64)
                .map(|id| Value::object_from([("id", Value::from_i64(id))]))
                .collect(),
        ),
    )]);
    bencher
        .counter(divan::counter::ItemsCount::new(2 * items as u64 + 1))
        .bench(|| {
            let options = ExecutionOptions {
                limits: Limits::none(),
                ..ExecutionOptions::default()
            };
            let mut execution = Execution::start(&machine, input.clone(), options);
            execution.run_to_end(u64::MAX, |_| Ok(Value::Null)).unwrap();
            execution
        });
}
