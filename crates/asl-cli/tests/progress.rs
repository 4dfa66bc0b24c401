//! The progress line of a long `asl run` (issue 15): shown on a terminal's stderr once a run
//! has lasted a second, redrawn in place and erased at the end; never when stderr is not a
//! terminal. The terminal is a real pseudo-terminal, from util-linux's `script`.

mod scratch;

use std::process::Command;
use std::time::{Duration, Instant};

/// A Pass/Choice loop of `rounds` rounds, and its input, under the target's scratch directory.
fn long_loop(rounds: u32) -> (String, String) {
    let definition = scratch::file(
        "progress",
        "loop.json",
        format!(
            r#"{{"StartAt": "Increment", "States": {{
                "Increment": {{"Type": "Pass", "Parameters": {{"i.$": "States.MathAdd($.i, 1)"}}, "Next": "Check"}},
                "Check": {{"Type": "Choice", "Choices": [{{"Variable": "$.i", "NumericLessThan": {rounds}, "Next": "Increment"}}], "Default": "Done"}},
                "Done": {{"Type": "Succeed"}}}}}}"#
        ),
    );
    (definition, scratch::file("progress", "input.json", r#"{"i": 0}"#))
}

/// What a user would run: the result to a file, stderr left to the terminal.
fn command(definition: &str, input: &str) -> String {
    format!(
        "'{}' run '{definition}' --input '{input}' --no-limits --format json > /dev/null",
        env!("CARGO_BIN_EXE_asl")
    )
}

/// 600,001 transitions: about two seconds in a debug build, a fifth of a second in a release one.
const ROUNDS: u32 = 300_000;

#[test]
fn a_long_run_shows_its_progress_on_a_terminal_only() {
    let (definition, input) = long_loop(ROUNDS);

    // On a terminal (`script` gives the command a pseudo-terminal and copies what it wrote).
    let started = Instant::now();
    let output = Command::new("script")
        .args(["-qec", &command(&definition, &input), "/dev/null"])
        .output()
        .expect("util-linux's script runs (Debian's bsdutils, an essential package)");
    let elapsed = started.elapsed();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let terminal = String::from_utf8_lossy(&output.stdout).into_owned();
    let lines: Vec<&str> = terminal.split("\r\x1b[2K").filter(|line| !line.is_empty()).collect();
    if elapsed > Duration::from_millis(1_400) {
        assert!(!lines.is_empty(), "no progress line in {elapsed:?}: {terminal:?}");
        let mut last = 0u64;
        for line in &lines {
            // running: 278,527 transitions, 557,055 events, virtual time 2026-…Z, 1.0 s
            let rest = line.strip_prefix("running: ").unwrap_or_else(|| panic!("{line:?}"));
            let (transitions, rest) = rest.split_once(" transitions, ").unwrap();
            let (events, rest) = rest.split_once(" events, virtual time ").unwrap();
            assert!(rest.ends_with(" s") && rest.contains("Z, "), "{line:?}");
            let transitions: u64 = transitions.replace(',', "").parse().unwrap();
            let events: u64 = events.replace(',', "").parse().unwrap();
            assert!(
                transitions > last && transitions <= 2 * u64::from(ROUNDS) + 1,
                "{line:?}"
            );
            assert!(events >= 2 * transitions, "{line:?}");
            last = transitions;
        }
        // Erased at the end: nothing follows the last erase.
        assert!(terminal.ends_with("\r\x1b[2K"), "{terminal:?}");
    } else if elapsed < Duration::from_millis(900) {
        assert!(
            lines.is_empty(),
            "a progress line for a run under a second: {terminal:?}"
        );
    }

    // Not a terminal: stderr is a pipe, and stays empty however long the run.
    let output = Command::new("sh")
        .args(["-c", &command(&definition, &input)])
        .output()
        .unwrap();
    assert!(output.status.success());
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}
