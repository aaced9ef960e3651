//! Exit codes and error printing. Documented in the README:
//! 0 success, 1 data/validation error, 2 usage/config error, 3 some scenarios failed,
//! 4 I/O error.

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
            eprintln!("error: {err}");
            for cause in err.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            code
        }
    }
}
