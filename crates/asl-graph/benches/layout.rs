//! Layout time of a 200-state definition (`cargo bench -p asl-graph`).

fn chain(count: usize) -> String {
    let mut states = Vec::new();
    for index in 0..count {
        let body = if index + 1 == count {
            r#"{"Type": "Succeed"}"#.to_owned()
        } else if index % 10 == 5 {
            format!(
                r#"{{"Type": "Choice", "Choices": [{{"Variable": "$.n", "NumericGreaterThan": {index}, "Next": "S{}"}}], "Default": "S{}"}}"#,
                (index + 3).min(count - 1),
                index + 1
            )
        } else {
            format!(r#"{{"Type": "Pass", "Next": "S{}"}}"#, index + 1)
        };
        states.push(format!(r#""S{index}": {body}"#));
    }
    format!(r#"{{"StartAt": "S0", "States": {{{}}}}}"#, states.join(","))
}

/// 200 states as 10 Parallel branches of 20 (plus the Parallel state itself).
fn branches() -> String {
    let branch = |b: usize| {
        let states: Vec<String> = (0..20)
            .map(|index| {
                let body = if index == 19 {
                    r#"{"Type": "Succeed"}"#.to_owned()
                } else {
                    format!(r#"{{"Type": "Pass", "Next": "B{b}S{}"}}"#, index + 1)
                };
                format!(r#""B{b}S{index}": {body}"#)
            })
            .collect();
        format!(r#"{{"StartAt": "B{b}S0", "States": {{{}}}}}"#, states.join(","))
    };
    let branches: Vec<String> = (0..10).map(branch).collect();
    format!(
        r#"{{"StartAt": "Fan", "States": {{"Fan": {{"Type": "Parallel", "Branches": [{}], "End": true}}}}}}"#,
        branches.join(",")
    )
}

fn main() {
    divan::main();
}

#[divan::bench]
fn layout_200_states_cold(bencher: divan::Bencher) {
    let definition = asl::check(&chain(200)).definition;
    bencher.bench(|| asl_graph::layout(&definition));
}

#[divan::bench]
fn svg_200_states(bencher: divan::Bencher) {
    let definition = asl::check(&chain(200)).definition;
    let drawing = asl_graph::layout(&definition);
    bencher.bench(|| asl_graph::to_svg(&drawing, &asl_graph::SvgOptions::default()));
}

#[divan::bench]
fn layout_200_states_in_10_branches_cold(bencher: divan::Bencher) {
    let definition = asl::check(&branches()).definition;
    bencher.bench(|| asl_graph::layout(&definition));
}

#[divan::bench]
fn layout_200_states_in_10_branches_one_branch_changed(bencher: divan::Bencher) {
    let definition = asl::check(&branches()).definition;
    let edited = asl::check(&branches().replace(
        r#""B3S7": {"Type": "Pass", "Next": "B3S8"}"#,
        r#""B3S7": {"Type": "Pass", "Next": "B3S19"}"#,
    ))
    .definition;
    bencher
        .with_inputs(|| {
            let mut cache = asl_graph::LayoutCache::new();
            asl_graph::layout_cached(&definition, &mut cache);
            cache
        })
        .bench_local_values(|mut cache| asl_graph::layout_cached(&edited, &mut cache));
}

#[divan::bench]
fn layout_order_workflow(bencher: divan::Bencher) {
    let text = include_str!("../../../examples/order-workflow.json");
    let definition = asl::check(text).definition;
    bencher.bench(|| asl_graph::layout(&definition));
}
