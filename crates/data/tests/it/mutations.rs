//! Bounded fuzzing in the normal test suite (stable, no fuzzer): line-level mutations of the
//! fixture files and arbitrary bytes go through detection, every reader and validation
//! ([`ringfence_test_support::harness::parse_bytes_case`]). Each input must load or fail
//! with an error that names the file, within a hang guard of seconds; none may panic.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use proptest::prelude::*;
use ringfence_test_support::harness;

/// Bound per input in a debug build; the inputs are a few kB.
const MAX_PER_INPUT: Duration = Duration::from_secs(2);

/// Field values that have broken parsers elsewhere.
const TOKENS: [&str; 22] = [
    "",
    "NaN",
    "inf",
    "-1",
    "0",
    "1e300",
    "99999999999999999999999",
    "01/02/2020",
    "2/30/2020",
    "2020-02-30",
    "13/45/2020",
    "0000-00-00",
    "\"",
    "\"quoted,field\"",
    "\u{FEFF}",
    "é",
    "\t",
    ".",
    "-0",
    "1,5",
    "F (Jan 08)",
    "9999-12-31",
];

fn fixtures() -> &'static [(String, Vec<u8>)] {
    static FILES: OnceLock<Vec<(String, Vec<u8>)>> = OnceLock::new();
    FILES.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let mut out = Vec::new();
        collect(&root, &root, &mut out);
        out.sort();
        assert!(out.len() >= 20, "{} fixture files", out.len());
        out
    })
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("fixtures dir")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            collect(root, &p, out);
        } else if p.extension().is_some_and(|e| e == "csv") {
            let rel = p
                .strip_prefix(root)
                .expect("under root")
                .display()
                .to_string();
            out.push((rel, std::fs::read(&p).expect("fixture")));
        }
    }
}

/// One edit of a file's lines (indices are taken modulo the line count).
#[derive(Debug, Clone)]
enum Mutation {
    DeleteLine(usize),
    DuplicateLine(usize),
    SwapLines(usize, usize),
    /// Cut the file at this fraction of its length (per mille).
    Truncate(u16),
    /// Replace field `.1` of line `.0` with a token.
    ReplaceField(usize, usize, usize),
    InsertLine(usize, String),
    /// Overwrite byte at this fraction of the file (per mille) with a value.
    SetByte(u16, u8),
    Crlf,
    Bom,
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<usize>().prop_map(Mutation::DeleteLine),
        any::<usize>().prop_map(Mutation::DuplicateLine),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        (0u16..1000).prop_map(Mutation::Truncate),
        (any::<usize>(), 0usize..13, 0..TOKENS.len())
            .prop_map(|(l, f, t)| Mutation::ReplaceField(l, f, t)),
        (any::<usize>(), "[ -~]{0,80}").prop_map(|(l, s)| Mutation::InsertLine(l, s)),
        (0u16..1000, any::<u8>()).prop_map(|(p, b)| Mutation::SetByte(p, b)),
        Just(Mutation::Crlf),
        Just(Mutation::Bom),
    ]
}

fn apply(bytes: &[u8], muts: &[Mutation]) -> Vec<u8> {
    let mut lines: Vec<Vec<u8>> = bytes.split(|b| *b == b'\n').map(<[u8]>::to_vec).collect();
    let mut tail: Option<(u16, Option<u8>)> = None;
    let mut crlf = false;
    let mut bom = false;
    for m in muts {
        let n = lines.len().max(1);
        match m {
            Mutation::DeleteLine(i) if lines.len() > 1 => {
                lines.remove(i % n);
            }
            Mutation::DeleteLine(_) => {}
            Mutation::DuplicateLine(i) => {
                let l = lines.get(i % n).cloned().unwrap_or_default();
                lines.insert(i % n, l);
            }
            Mutation::SwapLines(a, b) if !lines.is_empty() => lines.swap(a % n, b % n),
            Mutation::SwapLines(..) => {}
            Mutation::ReplaceField(l, f, t) => {
                if let Some(line) = lines.get_mut(l % n) {
                    let mut fields: Vec<Vec<u8>> =
                        line.split(|b| *b == b',').map(<[u8]>::to_vec).collect();
                    let k = f % fields.len();
                    fields[k] = TOKENS[*t].as_bytes().to_vec();
                    *line = fields.join(&b',');
                }
            }
            Mutation::InsertLine(l, s) => lines.insert(l % (lines.len() + 1), s.clone().into()),
            Mutation::Truncate(p) => tail = Some((*p, None)),
            Mutation::SetByte(p, b) => tail = Some((*p, Some(*b))),
            Mutation::Crlf => crlf = true,
            Mutation::Bom => bom = true,
        }
    }
    let sep: &[u8] = if crlf { b"\r\n" } else { b"\n" };
    let mut out = lines.join(sep);
    if bom {
        out.splice(0..0, [0xEF, 0xBB, 0xBF]);
    }
    if let Some((p, b)) = tail {
        let at = out.len() * usize::from(p) / 1000;
        match b {
            None => out.truncate(at),
            Some(b) if at < out.len() => out[at] = b,
            Some(_) => {}
        }
    }
    out
}

fn timed(label: &str, data: &[u8]) {
    let start = Instant::now();
    harness::parse_bytes_case(data);
    let took = start.elapsed();
    assert!(took < MAX_PER_INPUT, "{label}: took {took:?}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn mutated_fixture_files_load_or_fail_with_a_message(
        k in any::<usize>(),
        muts in proptest::collection::vec(mutation(), 1..6),
    ) {
        let files = fixtures();
        let (name, bytes) = &files[k % files.len()];
        let data = apply(bytes, &muts);
        timed(name, &data);
    }

    #[test]
    fn arbitrary_bytes_after_a_real_header_load_or_fail_with_a_message(
        k in any::<usize>(),
        body in proptest::collection::vec(any::<u8>(), 0..600),
    ) {
        let files = fixtures();
        let (name, bytes) = &files[k % files.len()];
        // Keep the fixture's first line (the header, or a CFE disclaimer).
        let head = bytes.split_inclusive(|b| *b == b'\n').next().unwrap_or_default();
        let mut data = head.to_vec();
        data.extend(body);
        timed(name, &data);
    }
}

#[test]
fn every_fixture_unmutated_goes_through_the_harness() {
    let mut parsed = 0;
    for (name, bytes) in fixtures() {
        let start = Instant::now();
        parsed += usize::from(harness::parse_bytes_case(bytes) > 0);
        assert!(start.elapsed() < MAX_PER_INPUT, "{name}");
    }
    // The good and quirky fixtures parse; the `bad/` ones mostly do not.
    assert!(parsed >= 15, "{parsed} fixtures parsed");
}
