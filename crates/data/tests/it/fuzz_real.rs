//! The stable fuzz pass over every loader, on the real data set (`../shared/data`): seeded
//! mutations ([`ringfence_test_support::mutate`]) of excerpts of the real files go through format
//! detection, the reader of each format (under the file's real name and under the
//! harness's names) and validation, and mutated real data directories through `check_dir`
//! and `load_dir`. Every input must load or fail with an error naming the file, within a
//! time bound; none may panic. No nightly toolchain is needed, so CI runs it.
//!
//! `RINGFENCE_FUZZ_ITERS=N` sets the inputs per reader (default [`PER_READER`]) and, over
//! ten, the data directories (default [`DIRS`]). An input that fails is saved under
//! `tests/regressions/<target>/` (replayed by [`super::regressions`] from then on) and
//! named in the failure message: commit it with the fix.

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use ringfence_data::check::file::validate;
use ringfence_data::formats::detect_bytes;
use ringfence_data::formats::parse_bytes;
use ringfence_data::rng::Rng;
use ringfence_data::scan::role_of;

use ringfence_test_support::harness;
use ringfence_test_support::mutate::{iters, mutate, name_of};

/// Inputs per reader (file format) by default.
const PER_READER: usize = 3000;

/// Mutated data directories by default.
const DIRS: usize = 300;

/// Longest one input may take in a debug build.
const MAX_PER_INPUT: Duration = Duration::from_secs(3);

/// Most lines of a real file in one excerpt (after its header).
const MAX_LINES: u64 = 60;

/// One input in this many also goes through the harness's three file names (detection
/// cut short, CFE contract names, the VVIX role).
const HARNESS_EVERY: usize = 4;

/// Every `.csv` file under `dir` (relative path, bytes), sorted.
fn real_files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).expect("list the shared data") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "csv") {
                out.push(p);
            }
        }
    }
    let mut paths = Vec::new();
    walk(dir, &mut paths);
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).expect("read a shared file");
            (p.strip_prefix(dir).expect("under dir").to_path_buf(), bytes)
        })
        .collect()
}

/// A file cut into its lines (each with its line break).
fn lines_of(bytes: &[u8]) -> Vec<&[u8]> {
    bytes.split_inclusive(|b| *b == b'\n').collect()
}

/// The header (first line) and a random run of up to [`MAX_LINES`] lines of a file.
fn excerpt(rng: &mut Rng, lines: &[&[u8]]) -> Vec<u8> {
    let Some((head, body)) = lines.split_first() else {
        return Vec::new();
    };
    let mut out = head.to_vec();
    if !body.is_empty() {
        let start = rng.below(body.len() as u64) as usize;
        let len = 1 + rng.below(MAX_LINES) as usize;
        for l in &body[start..(start + len).min(body.len())] {
            out.extend_from_slice(l);
        }
    }
    out
}

/// Save a failing input where the regression replay finds it; returns the path.
fn save(target: &str, ext: &str, data: &[u8]) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/regressions")
        .join(target);
    let path = dir.join(format!("fuzz_{}{ext}", name_of(data)));
    let _ = std::fs::create_dir_all(&dir);
    let _ = std::fs::write(&path, data);
    path
}

/// One file's bytes under its real name (and, when `harness`, under the harness's three
/// names). Returns whether it parsed under its real name.
fn file_case(real_name: &Path, data: &[u8], harness: bool) -> bool {
    let name = real_name.to_string_lossy();
    let detected = detect_bytes(real_name, data);
    let parsed = match parse_bytes(real_name, data) {
        Ok(f) => {
            assert_eq!(
                detected.ok(),
                Some(f.format),
                "detection and parsing disagree"
            );
            harness::assert_consistent(&f);
            let _ = validate(&f, role_of(f.format, real_name, None));
            let _ = f.date_range();
            true
        }
        Err(e) => {
            let msg = e.to_string();
            let file = real_name.file_name().map(|n| n.to_string_lossy());
            assert!(
                file.is_some_and(|f| msg.contains(f.as_ref())),
                "the error does not name {name}: {msg}"
            );
            false
        }
    };
    if harness {
        harness::parse_bytes_case(data);
    }
    parsed
}

/// Run `case` on `data`; a panic or a slow input is a failure (the input is saved).
fn guarded(
    target: &str,
    ext: &str,
    label: &str,
    data: &[u8],
    case: impl FnOnce(&[u8]),
) -> Option<String> {
    let start = Instant::now();
    let result = catch_unwind(AssertUnwindSafe(|| case(data)));
    let took = start.elapsed();
    let problem = match result {
        Err(p) => Some(
            p.downcast_ref::<String>()
                .cloned()
                .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "panicked".into()),
        ),
        Ok(()) if took > MAX_PER_INPUT => Some(format!("took {took:?} (bound {MAX_PER_INPUT:?})")),
        Ok(()) => None,
    };
    problem.map(|p| {
        let saved = save(target, ext, data);
        format!("{label}: {p}\n    input saved as {}", saved.display())
    })
}

#[test]
fn fuzz_every_reader_on_mutated_real_files() {
    let Some(dir) = ringfence_test_support::shared_data_dir() else {
        return;
    };
    let files = real_files(&dir);
    // Readers = the formats of the real files.
    let mut by_format: BTreeMap<&'static str, Vec<usize>> = BTreeMap::new();
    for (k, (rel, bytes)) in files.iter().enumerate() {
        let format = detect_bytes(rel, bytes).expect("a real file is recognised");
        by_format.entry(format.name()).or_default().push(k);
    }
    assert!(by_format.len() >= 9, "{:?}", by_format.keys());
    let lines: Vec<Vec<&[u8]>> = files.iter().map(|(_, b)| lines_of(b)).collect();
    let per_reader = iters(PER_READER);
    let mut rng = Rng::new(0x8_f022);
    let mut failures = Vec::new();
    let mut parsed_ok = 0usize;
    let start = Instant::now();
    for (format, members) in &by_format {
        for i in 0..per_reader {
            let k = members[rng.below(members.len() as u64) as usize];
            let rel = &files[k].0;
            let base = excerpt(&mut rng, &lines[k]);
            let j = rng.below(files.len() as u64) as usize;
            let other = excerpt(&mut rng, &lines[j]);
            let data = mutate(&mut rng, &base, &other);
            let label = format!("{format} #{i} ({})", rel.display());
            let name = Path::new(rel.file_name().expect("file name"));
            let mut parsed = false;
            if let Some(f) = guarded("parse_bytes", ".csv", &label, &data, |d| {
                parsed = file_case(name, d, i % HARNESS_EVERY == 0);
            }) {
                failures.push(f);
            }
            parsed_ok += usize::from(parsed);
            if failures.len() >= 5 {
                break;
            }
        }
    }
    let total = per_reader * by_format.len();
    eprintln!(
        "stable fuzz: {total} mutated real-file inputs ({per_reader} for each of {} readers: \
         {}); {parsed_ok} still parsed; {:.1} s",
        by_format.len(),
        by_format.keys().copied().collect::<Vec<_>>().join(", "),
        start.elapsed().as_secs_f64()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Lines of `bytes` dated in [2007-01-01, 2007-05-31] (`YYYY-MM-DD` or `MM/DD/YYYY` in any
/// field), after the header.
fn window_2007(bytes: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(bytes);
    let mut lines = text.lines();
    let mut out = format!("{}\n", lines.next().unwrap_or_default());
    let in_window = |f: &str| {
        let b = f.as_bytes();
        let (y, m) = match (b.len(), b.get(4), b.get(2)) {
            (10, Some(b'-'), _) => (&f[..4], &f[5..7]),
            (10, _, Some(b'/')) => (&f[6..], &f[..2]),
            _ => return None,
        };
        Some(y == "2007" && m <= "05")
    };
    for l in lines {
        if l.split(',').find_map(in_window) == Some(true) {
            out.push_str(l);
            out.push('\n');
        }
    }
    out.into_bytes()
}

#[test]
fn fuzz_data_directories_built_from_mutated_real_files() {
    let Some(dir) = ringfence_test_support::shared_data_dir() else {
        return;
    };
    // The harness's directory: SPX, VIX, T-bill and the May 2007 VX contract, January to
    // May 2007 (a window every one of them covers).
    let parts: Vec<Vec<u8>> = [
        "spx_stooq_1789_2025.csv",
        "vix_cboe_history.csv",
        "dtb3_fred.csv",
        "vix_futures/cfe_2004_2015/CFE_K07_VX.csv",
    ]
    .iter()
    .map(|f| window_2007(&std::fs::read(dir.join(f)).expect("read a shared file")))
    .collect();
    let join = |parts: &[Vec<u8>]| {
        let mut data = Vec::new();
        for (k, p) in parts.iter().enumerate() {
            if k > 0 {
                let sep = harness::FILE_SEPARATOR;
                let skip = usize::from(data.last() == Some(&b'\n'));
                data.extend_from_slice(&sep[skip..]);
            }
            data.extend_from_slice(p);
        }
        data
    };
    let tmp = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(tmp.path().join("vx")).expect("vx dir");
    assert!(
        harness::check_dir_case(tmp.path(), &join(&parts)),
        "the unmutated 2007 directory loads"
    );
    let n = iters(DIRS * 10) / 10;
    let mut rng = Rng::new(0xd1_2007);
    let (mut failures, mut loaded) = (Vec::new(), 0usize);
    let start = Instant::now();
    for i in 0..n {
        let mut mutated = parts.clone();
        let k = rng.below(parts.len() as u64) as usize;
        let other = &parts[rng.below(parts.len() as u64) as usize];
        mutated[k] = mutate(&mut rng, &parts[k], other);
        let data = join(&mutated);
        let label = format!("directory #{i} ({} mutated)", harness::DIR_FILES[k]);
        let mut ok = false;
        if let Some(f) = guarded("check_dir", "", &label, &data, |d| {
            ok = harness::check_dir_case(tmp.path(), d);
        }) {
            failures.push(f);
        }
        loaded += usize::from(ok);
        if failures.len() >= 5 {
            break;
        }
    }
    eprintln!(
        "stable fuzz: {n} mutated real data directories through check_dir and load_dir; \
         {loaded} still loaded; {:.1} s",
        start.elapsed().as_secs_f64()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
