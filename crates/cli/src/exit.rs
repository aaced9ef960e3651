//! Exit codes and error printing. Documented in the README:
//! 0 success, 1 data/validation error, 2 usage/config error, 3 some scenarios failed,
//! 4 I/O error; 141 when the reader of standard output went away (`... | head`).

/// Outcome of a command that did not fail outright.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Everything succeeded.
    Success,
    /// The command ran and found data errors (e.g. `data check` with errors).
    DataErrors,
    /// Some scenarios failed; the others were written.
    ScenariosFailed,
}

/// Exit code for data or validation errors.
pub const DATA: i32 = 1;
/// Exit code for usage or configuration errors.
pub const USAGE: i32 = 2;
/// Exit code when some scenarios failed.
pub const SCENARIOS_FAILED: i32 = 3;
/// Exit code for I/O errors.
pub const IO: i32 = 4;

/// Exit code when standard output was closed by its reader (`ringfence ... | head`): 128 +
/// SIGPIPE, what a shell reports for a Unix tool killed by the signal.
pub const CLOSED_STDOUT: i32 = 141;

/// Make a failed write to standard output end the process with an exit code instead of a
/// panic. The Rust runtime ignores SIGPIPE, so a write to a pipe whose reader has gone fails
/// and `println!` panics ("failed printing to stdout: Broken pipe"); that ends quietly with
/// [`CLOSED_STDOUT`], a reader's choice. Any other failed write (a full disk, `> /dev/full`)
/// prints `error: standard output: <cause>` and exits [`IO`]. Every other panic keeps the
/// default hook.
pub fn exit_on_stdout_failure() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let payload = info.payload();
        let msg = payload
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or("");
        if let Some(cause) = msg.strip_prefix("failed printing to stdout: ") {
            std::process::exit(stdout_failure(cause));
        }
        default(info);
    }));
}

/// The exit code of a failed write to standard output whose error reads `cause`, after
/// printing what failed unless the reader went away.
fn stdout_failure(cause: &str) -> i32 {
    if cause.contains("Broken pipe") {
        return CLOSED_STDOUT;
    }
    eprintln!("error: standard output: {cause}");
    IO
}

/// Write `text` to standard output and flush it; a failed write ends the process as a
/// failed `println!` does under [`exit_on_stdout_failure`].
pub fn print_all(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        let cause = if e.kind() == std::io::ErrorKind::BrokenPipe {
            "Broken pipe".to_string()
        } else {
            e.to_string()
        };
        std::process::exit(stdout_failure(&cause));
    }
}

/// A usage or configuration error (exit [`USAGE`]) with `msg`.
pub fn usage(msg: String) -> anyhow::Error {
    coded(USAGE, anyhow::anyhow!(msg))
}

/// Tag an error with an exit code.
pub fn coded(code: i32, error: impl Into<anyhow::Error>) -> anyhow::Error {
    anyhow::Error::new(CodedErrorWrapper {
        code,
        inner: error.into(),
    })
}

#[derive(Debug)]
struct CodedErrorWrapper {
    code: i32,
    inner: anyhow::Error,
}

impl std::fmt::Display for CodedErrorWrapper {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.inner)
    }
}

impl std::error::Error for CodedErrorWrapper {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.inner.source()
    }
}

/// Print the error (with its cause chain, never a backtrace) and return the exit code.
pub fn report(result: anyhow::Result<Outcome>) -> i32 {
    match result {
        Ok(Outcome::Success) => 0,
        Ok(Outcome::DataErrors) => DATA,
        Ok(Outcome::ScenariosFailed) => SCENARIOS_FAILED,
        Err(err) => {
            let code = err
                .downcast_ref::<CodedErrorWrapper>()
                .map(|c| c.code)
                .unwrap_or(DATA);
            eprint!("{}", render(&err));
            code
        }
    }
}

/// The lines printed for `err`: `error: <message>`, then `  caused by: <cause>` for each
/// cause whose message does not already appear in a line above (library errors usually
/// repeat their source's text, `data: x.csv: cannot read: No such file`, so a plain chain
/// would print the same words two or three times).
pub fn render(err: &anyhow::Error) -> String {
    let mut shown: Vec<String> = Vec::new();
    let mut out = String::new();
    for (i, cause) in err.chain().enumerate() {
        let text = cause.to_string();
        let text = text.trim_end();
        if i > 0 && (text.is_empty() || shown.iter().any(|s| s.contains(text))) {
            continue;
        }
        let prefix = if i == 0 { "error: " } else { "  caused by: " };
        out.push_str(prefix);
        out.push_str(text);
        out.push('\n');
        shown.push(text.to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An error with a message and an optional source, like the library errors.
    #[derive(Debug)]
    struct Layer(String, Option<Box<Layer>>);

    impl std::fmt::Display for Layer {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(&self.0)
        }
    }

    impl std::error::Error for Layer {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            self.1
                .as_deref()
                .map(|l| l as &(dyn std::error::Error + 'static))
        }
    }

    fn chain(messages: &[&str]) -> Layer {
        messages
            .iter()
            .rev()
            .fold(None, |inner, m| {
                Some(Layer(m.to_string(), inner.map(Box::new)))
            })
            .expect("at least one message")
    }

    #[test]
    fn a_cause_repeated_in_the_message_is_printed_once() {
        let e = coded(
            IO,
            chain(&[
                "data: /nope: cannot read: No such file or directory (os error 2)",
                "/nope: cannot read: No such file or directory (os error 2)",
                "No such file or directory (os error 2)",
            ]),
        );
        assert_eq!(
            render(&e),
            "error: data: /nope: cannot read: No such file or directory (os error 2)\n"
        );
    }

    #[test]
    fn a_cause_that_adds_words_keeps_its_line() {
        let e = anyhow::Error::new(chain(&[
            "writing the synthetic data set to /x/synth",
            "/x/synth: cannot write: Not a directory (os error 20)",
            "Not a directory (os error 20)",
        ]));
        assert_eq!(
            render(&e),
            "error: writing the synthetic data set to /x/synth\n  caused by: /x/synth: cannot \
             write: Not a directory (os error 20)\n"
        );
    }

    #[test]
    fn the_code_of_a_coded_error_is_returned() {
        let e = coded(USAGE, chain(&["--shard: `0/3`"]));
        assert_eq!(report(Err(e)), USAGE);
        assert_eq!(report(Err(anyhow::anyhow!("plain"))), DATA);
        assert_eq!(report(Ok(Outcome::ScenariosFailed)), SCENARIOS_FAILED);
    }
}
