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
