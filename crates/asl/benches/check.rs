//! Time to parse and validate large definitions (no execution).
//! `cargo bench -p asl --bench check`; items = states.

fn main() {
    divan::main();
}

/// `count` Pass states, each naming the next, ending in a Succeed.
fn chain_of_pass_states(count: usize) -> String {
    let mut text = String::from(r#"{"StartAt": "S0", "States": {"#);
    for state_idx in 0..count - 1 {
        text.push_str(&format!(
            r#""S{state_idx}": {{"Type": "Pass", "Next": "S{}"}}, "#,
            state_idx + 1
        ));
    }
    text.push_str(&format!(r#""S{}": {{"Type": "Succeed"}}}}}}"#, count - 1));
    text
}

#[divan::bench(args = [1_000, 10_000, 20_000])]
fn check_a_chain_of_pass_states(bencher: divan::Bencher, count: usize) {
    let text = chain_of_pass_states(count);
    bencher.counter(divan::counter::ItemsCount::new(count)).bench(|| {
        let checked = asl::check(&text);
        assert!(!checked.has_errors());
        checked
    });
}
