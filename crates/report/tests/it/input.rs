//! Bad run directories: every error names the file; NaN series become notes.

use std::path::Path;

use ringfence_report::ReportError;

use crate::fixture::{Fixture, scenario, variant, write_run};

fn run_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write_run(dir.path(), &Fixture::default());
    dir
}

fn truncate(path: &Path, keep_fraction: f64) {
    let bytes = std::fs::read(path).unwrap();
    let keep = (bytes.len() as f64 * keep_fraction) as usize;
    std::fs::write(path, &bytes[..keep]).unwrap();
}

fn error_of(dir: &Path) -> String {
    let err = ringfence_report::build(dir).unwrap_err();
    // nothing written when the input is bad
    assert!(!dir.join("report.html").exists());
    assert!(!dir.join("equity.png").exists());
    err.to_string()
}

#[test]
fn truncated_summary_csv_is_an_error_naming_the_file_and_line() {
    let dir = run_dir();
    truncate(&dir.path().join("summary.csv"), 0.6);
    let e = error_of(dir.path());
    assert!(e.contains("summary.csv:"), "{e}");
    assert!(e.contains("truncated"), "{e}");
}

#[test]
fn truncated_daily_csv_is_an_error_naming_the_file() {
    let dir = run_dir();
    let name = format!("{}.csv", scenario(&variant(0, 0), "commingled"));
    truncate(&dir.path().join("daily").join(&name), 0.5);
    let e = error_of(dir.path());
    assert!(e.contains(&name) && e.contains("truncated"), "{e}");
}

#[test]
fn csv_cut_at_a_record_boundary_inside_a_quoted_field_is_still_caught() {
    let dir = run_dir();
    let path = dir.path().join("events.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    // cut right after the opening quote of the liquidation detail, add a newline
    let cut = text.find("\"closed 3").unwrap() + 1;
    std::fs::write(&path, format!("{}\n", &text[..cut])).unwrap();
    let e = error_of(dir.path());
    assert!(e.contains("events.csv"), "{e}");
}

#[test]
fn missing_events_csv_is_an_error_naming_it() {
    let dir = run_dir();
    std::fs::remove_file(dir.path().join("events.csv")).unwrap();
    let err = ringfence_report::build(dir.path()).unwrap_err();
    assert!(matches!(err, ReportError::Missing { .. }), "{err:?}");
    assert!(err.to_string().contains("events.csv: missing"), "{err}");
}

#[test]
fn missing_daily_file_of_one_layout_is_an_error_naming_it() {
    let dir = run_dir();
    let name = format!("{}.csv", scenario(&variant(0, 0), "unhedged"));
    std::fs::remove_file(dir.path().join("daily").join(&name)).unwrap();
    let e = error_of(dir.path());
    assert!(e.contains(&name) && e.contains("missing"), "{e}");
}

#[test]
fn missing_run_json_is_an_error_naming_it() {
    let dir = run_dir();
    std::fs::remove_file(dir.path().join("run.json")).unwrap();
    let e = error_of(dir.path());
    assert!(e.contains("run.json: missing"), "{e}");
}

#[test]
fn run_from_another_format_version_is_refused_naming_run_json() {
    let dir = run_dir();
    let path = dir.path().join("run.json");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace("\"format_version\": 1", "\"format_version\": 2"),
    )
    .unwrap();
    let err = ringfence_report::build(dir.path()).unwrap_err();
    assert!(matches!(err, ReportError::Version { .. }), "{err:?}");
    let e = err.to_string();
    assert!(e.contains("run.json") && e.contains("version 2"), "{e}");
}

#[test]
fn truncated_run_json_is_an_error_naming_it() {
    let dir = run_dir();
    truncate(&dir.path().join("run.json"), 0.5);
    let e = error_of(dir.path());
    assert!(e.contains("run.json") && e.contains("invalid JSON"), "{e}");
}

#[test]
fn text_in_a_metric_column_names_file_line_and_column() {
    let dir = run_dir();
    let path = dir.path().join("summary.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let mut cells: Vec<String> = lines[2].split(',').map(str::to_string).collect();
    cells[4] = "oops".into(); // cagr of the second scenario
    lines[2] = cells.join(",");
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    let e = error_of(dir.path());
    assert!(
        e.contains("summary.csv:3") && e.contains("`cagr`") && e.contains("oops"),
        "{e}"
    );
}

#[test]
fn nan_equity_series_is_skipped_with_a_note_and_other_layouts_still_drawn() {
    let dir = run_dir();
    let name = format!("{}.csv", scenario(&variant(0, 0), "unhedged"));
    let path = dir.path().join("daily").join(&name);
    let text = std::fs::read_to_string(&path).unwrap();
    let mut out = String::new();
    for (i, line) in text.lines().enumerate() {
        if i == 0 {
            out.push_str(line);
        } else {
            let mut cells: Vec<&str> = line.split(',').collect();
            cells[1] = "NaN";
            out.push_str(&cells.join(","));
        }
        out.push('\n');
    }
    std::fs::write(&path, out).unwrap();
    let s = ringfence_report::build(dir.path()).unwrap();
    let note = format!("daily/{name} (unhedged): every total_equity value is NaN: series skipped.");
    assert!(s.notes.contains(&note), "{:?}", s.notes);
    let html = std::fs::read_to_string(&s.html).unwrap();
    assert!(html.contains(&note));
    let img = crate::pixels::decode(&std::fs::read(dir.path().join("equity.png")).unwrap());
    let green = ringfence_report::layout::KNOWN_COLOURS[2];
    assert_eq!(img.count(green), 0, "skipped unhedged series still drawn");
    assert!(img.count(ringfence_report::layout::KNOWN_COLOURS[0]) > 600);
}

#[test]
fn run_without_optional_files_still_reports_with_notes() {
    let dir = run_dir();
    for f in ["paired.csv", "bootstrap.csv", "annual.csv"] {
        std::fs::remove_file(dir.path().join(f)).unwrap();
    }
    std::fs::remove_dir_all(dir.path().join("daily")).unwrap();
    let s = ringfence_report::build(dir.path()).unwrap();
    assert!(s.charts.is_empty(), "{:?}", s.charts);
    assert!(
        s.notes.iter().any(|n| n.starts_with("No daily/ directory")),
        "{:?}",
        s.notes
    );
    assert!(
        s.notes
            .iter()
            .any(|n| n.starts_with("paired.csv not found")),
        "{:?}",
        s.notes
    );
    let html = std::fs::read_to_string(&s.html).unwrap();
    assert!(html.contains("computed from summary.csv, no confidence interval"));
}
