//! What a run's time went to (`asl run --timings`), and the progress line a long run shows on a
//! terminal.

use std::io::Write;
use std::time::{Duration, Instant};

use asl::Execution;

/// The phases of one `asl run`, timed as they happen and printed on stderr at the end when asked
/// for. "run-only" is everything but process start-up and exit: the figure a benchmark compares
/// with another interpreter's in-process time.
#[derive(Default)]
pub struct Timings {
    enabled: bool,
    phases: Vec<(&'static str, Duration)>,
}

impl Timings {
    pub fn new(enabled: bool) -> Timings {
        Timings {
            enabled,
            phases: Vec::new(),
        }
    }

    pub fn enabled(&self) -> bool {
        self.enabled
    }

    /// Runs `work`, adding its time to the phase `name`.
    pub fn time<T>(&mut self, name: &'static str, work: impl FnOnce() -> T) -> T {
        if !self.enabled {
            return work();
        }
        let started = Instant::now();
        let result = work();
        self.add(name, started.elapsed());
        result
    }

    pub fn add(&mut self, name: &'static str, elapsed: Duration) {
        match self.phases.iter_mut().find(|(phase, _)| *phase == name) {
            Some((_, total)) => *total += elapsed,
            None => self.phases.push((name, elapsed)),
        }
    }

    /// One line per phase, then the total, in milliseconds:
    /// `timings: parse 0.21 ms, validate 0.05 ms, … run-only 41.3 ms`.
    pub fn report(&self, transitions: u64, events: usize) {
        if !self.enabled {
            return;
        }
        let total: Duration = self.phases.iter().map(|(_, elapsed)| *elapsed).sum();
        let mut line = String::from("timings:");
        for (name, elapsed) in &self.phases {
            line.push_str(&format!(" {name} {},", millis(*elapsed)));
        }
        line.push_str(&format!(" run-only {}", millis(total)));
        let execute = self
            .phases
            .iter()
            .find(|(name, _)| *name == "execute")
            .map(|(_, elapsed)| elapsed.as_secs_f64());
        if let Some(seconds) = execute.filter(|seconds| *seconds > 0.0) {
            line.push_str(&format!(
                " ({transitions} transitions, {events} events, {} transitions/s executing)",
                group(transitions as f64 / seconds)
            ));
        }
        eprintln!("{line}");
    }
}

fn millis(elapsed: Duration) -> String {
    format!("{:.2} ms", elapsed.as_secs_f64() * 1000.0)
}

/// 1234567.8 → "1,234,568".
pub fn group(number: f64) -> String {
    let digits = format!("{:.0}", number.max(0.0));
    let mut out = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// The progress line of a run that lasts: nothing for its first second or when stderr is not a
/// terminal, then a line redrawn a few times a second with the transitions, events and virtual
/// time so far, erased when the run ends.
pub struct Progress {
    started: Instant,
    last: Option<Instant>,
    enabled: bool,
}

impl Progress {
    const AFTER: Duration = Duration::from_secs(1);
    const EVERY: Duration = Duration::from_millis(200);

    pub fn new(enabled: bool) -> Progress {
        Progress {
            started: Instant::now(),
            last: None,
            enabled,
        }
    }

    pub fn observe(&mut self, execution: &Execution) {
        if !self.enabled || self.started.elapsed() < Self::AFTER {
            return;
        }
        let now = Instant::now();
        if self.last.is_some_and(|last| now - last < Self::EVERY) {
            return;
        }
        self.last = Some(now);
        let virtual_time = asl::time::format_timestamp(execution.now());
        let mut stderr = std::io::stderr().lock();
        // \r and "erase line": the line is redrawn in place.
        let _ = write!(
            stderr,
            "\r\x1b[2Krunning: {} transitions, {} events, virtual time {virtual_time}, {:.1} s",
            group(execution.transitions() as f64),
            group(execution.history().len() as f64),
            self.started.elapsed().as_secs_f64()
        );
        let _ = stderr.flush();
    }

    /// Erases the line, if one was drawn.
    pub fn finish(&mut self) {
        if self.last.take().is_some() {
            let mut stderr = std::io::stderr().lock();
            let _ = write!(stderr, "\r\x1b[2K");
            let _ = stderr.flush();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_thousands() {
        assert_eq!(group(0.0), "0");
        assert_eq!(group(999.0), "999");
        assert_eq!(group(1000.0), "1,000");
        assert_eq!(group(1234567.8), "1,234,568");
    }

    #[test]
    fn phases_add_up() {
        let mut timings = Timings::new(true);
        timings.add("parse", Duration::from_millis(2));
        timings.add("execute", Duration::from_millis(5));
        timings.add("parse", Duration::from_millis(1));
        assert_eq!(
            timings.phases,
            vec![
                ("parse", Duration::from_millis(3)),
                ("execute", Duration::from_millis(5))
            ]
        );
    }
}
