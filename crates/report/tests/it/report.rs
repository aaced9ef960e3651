//! A single run with four layouts: every chart, the colours, the HTML page.

use std::path::Path;

use ringfence_report::layout::{KNOWN, KNOWN_COLOURS};

use crate::fixture::{Fixture, write_run};
use crate::pixels::decode;

fn built(f: &Fixture) -> (tempfile::TempDir, ringfence_report::ReportSummary) {
    let dir = tempfile::tempdir().unwrap();
    write_run(dir.path(), f);
    let summary = ringfence_report::build(dir.path()).unwrap();
    (dir, summary)
}

fn file_names(paths: &[std::path::PathBuf]) -> Vec<String> {
    paths
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn single_run_writes_eight_charts_of_1200_by_700_none_blank() {
    let (_dir, s) = built(&Fixture::default());
    assert_eq!(
        file_names(&s.charts),
        [
            "equity.png",
            "equity_log.png",
            "drawdown.png",
            "margin.png",
            "hedge_by_year.png",
            "stress.png",
            "bootstrap_cagr.png",
            "bootstrap_max_drawdown.png",
        ]
    );
    for path in &s.charts {
        let img = decode(&std::fs::read(path).unwrap());
        assert_eq!((img.width, img.height), (1200, 700), "{}", path.display());
        assert!(
            img.variance() > 100.0,
            "{} is blank: variance {}",
            path.display(),
            img.variance()
        );
        assert!(
            img.ink() > 0.02,
            "{} has {:.3} ink",
            path.display(),
            img.ink()
        );
    }
    assert_eq!(s.layouts, KNOWN);
    // One variant of one window, in the four layouts.
    assert_eq!((s.scenarios, s.variants), (1, 1));
}

/// Pixels of each layout colour in a chart.
fn colour_counts(path: &Path) -> Vec<usize> {
    let img = decode(&std::fs::read(path).unwrap());
    KNOWN_COLOURS.iter().map(|&c| img.count(c)).collect()
}

#[test]
fn equity_chart_draws_one_line_per_layout_in_its_colour() {
    let (dir, _) = built(&Fixture::default());
    for chart in ["equity.png", "equity_log.png", "drawdown.png"] {
        let counts = colour_counts(&dir.path().join(chart));
        // a 1-pixel line across ~1000 pixels of plot width (fewer where lines overlap), plus
        // the legend swatch (~100 pixels): a missing line leaves only the swatch
        assert!(counts.iter().all(|&n| n > 600), "{chart}: {counts:?}");
    }
}

#[test]
fn three_layouts_give_three_colours_and_no_fourth() {
    let f = Fixture {
        layouts: vec!["ring_fenced", "commingled", "unhedged"],
        ..Fixture::default()
    };
    let (dir, s) = built(&f);
    assert_eq!(s.layouts, ["ring_fenced", "commingled", "unhedged"]);
    let counts = colour_counts(&dir.path().join("equity.png"));
    assert!(counts[..3].iter().all(|&n| n > 600), "{counts:?}");
    assert_eq!(counts[3], 0, "hedge_only purple drawn: {counts:?}");
}

#[test]
fn html_embeds_every_chart_as_a_data_uri_and_links_nothing_external() {
    let (dir, s) = built(&Fixture::default());
    let html = std::fs::read_to_string(&s.html).unwrap();
    let images = html.matches("<img ").count();
    assert_eq!(images, s.charts.len());
    assert_eq!(
        html.matches("src=\"data:image/png;base64,").count(),
        s.charts.len()
    );
    for c in &s.charts {
        let b64 = base64_of(&std::fs::read(c).unwrap());
        assert!(html.contains(&b64), "{} not embedded", c.display());
    }
    let external = external_urls(&html);
    assert!(external.is_empty(), "{external:?}");
    // Every link stays inside the page: the report names the README, it does not link it.
    let links: Vec<&str> = html
        .match_indices("href=\"")
        .map(|(i, _)| &html[i + 6..])
        .map(|rest| &rest[..rest.find('"').unwrap_or(rest.len())])
        .collect();
    assert!(!links.is_empty());
    assert!(links.iter().all(|l| l.starts_with('#')), "{links:?}");
    assert!(
        !html.to_lowercase().contains("<script"),
        "no script needed or allowed"
    );
    assert!(!html.contains("url("), "no CSS url()");
    // nothing half-written left behind
    let tmp: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(tmp.is_empty());
}

/// Every src/href value starting with http:// or https://.
pub fn external_urls(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["src=\"", "href=\"", "src='", "href='"] {
        for (i, _) in html.match_indices(attr) {
            let rest = &html[i + attr.len()..];
            let end = rest.find(['"', '\'']).unwrap_or(rest.len());
            let value = rest[..end].trim().to_lowercase();
            if value.starts_with("http:") || value.starts_with("https:") || value.starts_with("//")
            {
                out.push(rest[..end].to_string());
            }
        }
    }
    out
}

fn base64_of(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[test]
fn html_shows_tables_events_config_provenance_and_escapes_file_text() {
    let (_dir, s) = built(&Fixture::default());
    let html = std::fs::read_to_string(&s.html).unwrap();
    for needle in [
        "The evidence, by layout",
        "Paired difference: ring-fenced - commingled",
        "Stress windows",
        "2020 COVID",
        "margin_call",
        "forced_liquidation",
        "refused_entry",
        "transfer",
        "2020-03-16",
        "Resolved config",
        "data/spx.csv",
        "ab12",
        "Model assumptions",
        "the Assumptions section of README.md",
        "SET ~ SPX open of expiry day",
    ] {
        assert!(html.contains(needle), "missing {needle:?}");
    }
    // text from the files is escaped, never interpreted
    assert!(html.contains("deficit &lt;b&gt;bold&lt;/b&gt; &amp; &#39;q&#39;"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("fixture &lt;run&gt;"));
    // the paired CAGR row: (0.05 + 0.5 x 0.005) - 0.06 = -0.75 pp, CI -0.75 - 0.40 = -1.15 pp
    // to -0.75 + 1.20 = +0.45 pp
    assert!(html.contains("<b>-0.75 pp</b>"), "CAGR difference");
    assert!(
        html.contains("-1.15 pp") && html.contains("+0.45 pp"),
        "CAGR CI"
    );
}

#[test]
fn window_outside_the_data_is_skipped_with_a_visible_note() {
    let (_dir, s) = built(&Fixture::default());
    // The fixture's daily series run from 2019-07-01 for 400 weekdays.
    let note = s
        .notes
        .iter()
        .find(|n| n.contains("outside the charted run, 2019-07-01 to 2021-01-08, skipped: "))
        .unwrap_or_else(|| panic!("{:?}", s.notes));
    assert!(
        note.contains("1990 Gulf war (1990-08-01 to 1990-10-31)"),
        "{note}"
    );
    assert!(!note.contains("2020 COVID"), "{note}");
    let html = std::fs::read_to_string(&s.html).unwrap();
    assert!(html.contains(note.as_str()));
}

#[test]
fn covid_window_return_of_ring_fenced_is_measured_from_the_daily_file() {
    let dir = tempfile::tempdir().unwrap();
    write_run(dir.path(), &Fixture::default());
    let run = ringfence_report::Run::load(dir.path()).unwrap();
    let covid = run.stress.iter().find(|r| r.name == "2020 COVID").unwrap();
    let rf = covid.cells[0].unwrap();
    // hand check against the daily file: close before 2020-02-19 and close of 2020-04-30
    let d = &run.daily[0];
    let before = d
        .dates
        .iter()
        .position(|x| x.to_string() == "2020-02-18")
        .unwrap();
    let last = d
        .dates
        .iter()
        .position(|x| x.to_string() == "2020-04-30")
        .unwrap();
    let expected = d.total_equity[last] / d.total_equity[before] - 1.0;
    assert!((rf.total_return - expected).abs() < 1e-12);
    // the fixture's crash takes ~22% off ring-fenced equity at the 2020-03-23 bottom
    assert!(
        rf.max_drawdown > 0.18 && rf.max_drawdown < 0.30,
        "{}",
        rf.max_drawdown
    );
}

#[test]
fn rebuilding_gives_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    write_run(dir.path(), &Fixture::default());
    let a = ringfence_report::build(dir.path()).unwrap();
    let first = std::fs::read(&a.html).unwrap();
    let b = ringfence_report::build(dir.path()).unwrap();
    assert_eq!(first, std::fs::read(&b.html).unwrap());
}

/// Append to the run's summary.csv one scenario of `window` per existing row (same columns),
/// the j-th with total_return `return_step * j` and max_drawdown `dd.0 + dd.1 * j`.
fn add_window_rows(dir: &Path, window: &str, return_step: f64, dd: (f64, f64)) {
    let path = dir.join("summary.csv");
    let mut text = std::fs::read_to_string(&path).unwrap();
    let rows: Vec<String> = text.lines().skip(1).map(str::to_string).collect();
    for (j, line) in rows.iter().enumerate() {
        let mut cells: Vec<String> = line.split(',').map(str::to_string).collect();
        cells[0] = format!("{}-{}", cells[0], window.replace(' ', "_"));
        cells[2] = window.into();
        cells[5] = format!("{}", return_step * j as f64);
        cells[9] = format!("{}", dd.0 + dd.1 * j as f64);
        text.push_str(&cells.join(","));
        text.push('\n');
    }
    std::fs::write(&path, text).unwrap();
}

#[test]
fn the_stress_table_has_no_hedge_pnl_for_a_layout_without_a_hedge() {
    let dir = tempfile::tempdir().unwrap();
    write_run(dir.path(), &Fixture::default());
    let run = ringfence_report::Run::load(dir.path()).unwrap();
    assert!(run.stress_layouts.iter().any(|l| l == "unhedged"));
    assert!(!run.stress.is_empty());
    let s = ringfence_report::build(dir.path()).unwrap();
    let html = std::fs::read_to_string(&s.html).unwrap();
    let stress = &html[html.find("<h2 id=\"stress\">").unwrap()..];
    let stress = &stress[..stress[4..].find("<h2").map_or(stress.len(), |i| i + 4)];
    // One n/a per window row (the unhedged layout's hedge P&L), where a $0 stood before.
    assert_eq!(
        stress.matches(">n/a</td>").count(),
        run.stress
            .iter()
            .filter(|r| r.cells.iter().all(Option::is_some))
            .count(),
        "{stress}"
    );
}

#[test]
fn without_daily_series_stress_table_comes_from_window_scenarios_in_summary() {
    let dir = tempfile::tempdir().unwrap();
    write_run(dir.path(), &Fixture::default());
    std::fs::remove_dir_all(dir.path().join("daily")).unwrap();
    // window "2020 COVID": max_drawdown 0.10 + 0.05 j, total_return -0.02 j
    add_window_rows(dir.path(), "2020 COVID", -0.02, (0.10, 0.05));
    let run = ringfence_report::Run::load(dir.path()).unwrap();
    assert_eq!(
        run.stress_source,
        ringfence_report::stress::StressSource::Summary
    );
    assert_eq!(run.stress.len(), 1);
    let row = &run.stress[0];
    assert_eq!(row.name, "2020 COVID");
    assert_eq!(row.dates.unwrap().0.to_string(), "2020-02-19");
    let cm = row.cells[1].unwrap();
    assert!((cm.max_drawdown - 0.15).abs() < 1e-12 && (cm.total_return + 0.02).abs() < 1e-12);
    let s = ringfence_report::build(dir.path()).unwrap();
    assert!(s.charts.iter().any(|c| c.ends_with("stress.png")));
    let html = std::fs::read_to_string(&s.html).unwrap();
    assert!(html.contains("Scenarios simulated on each window alone"));
}

#[test]
fn stress_window_missing_from_the_daily_series_comes_from_its_own_scenarios_in_summary() {
    // The daily series (2019-2021) do not reach the 1990 Gulf war window, but the run
    // simulated that window on its own (as a sweep over the stress windows does).
    let dir = tempfile::tempdir().unwrap();
    write_run(dir.path(), &Fixture::default());
    // window "1990 Gulf war": max_drawdown 0.20 + 0.01 j, total_return -0.03 j
    add_window_rows(dir.path(), "1990 Gulf war", -0.03, (0.20, 0.01));
    let run = ringfence_report::Run::load(dir.path()).unwrap();
    assert_eq!(
        run.stress_source,
        ringfence_report::stress::StressSource::Summary
    );
    let gulf = run
        .stress
        .iter()
        .find(|r| r.name == "1990 Gulf war")
        .expect("the Gulf war row is filled from summary.csv");
    let cm = gulf.cells[1].unwrap();
    assert!((cm.max_drawdown - 0.21).abs() < 1e-12 && (cm.total_return + 0.03).abs() < 1e-12);
    assert!(
        !run.notes.iter().any(|n| n.contains("1990 Gulf war")),
        "{:?}",
        run.notes
    );
}

#[test]
fn a_hedge_sleeve_that_held_nothing_in_a_window_shows_none_held_not_its_interest() {
    let dir = tempfile::tempdir().unwrap();
    write_run(dir.path(), &Fixture::default());
    // The commingled layout's hedge held no position on any day: hedge_value 0 throughout.
    let daily = std::fs::read_dir(dir.path().join("daily"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().contains("commingled"))
        .unwrap();
    let text = std::fs::read_to_string(&daily).unwrap();
    let zeroed: String = text
        .lines()
        .enumerate()
        .map(|(i, l)| match (i, l.rsplit_once(',')) {
            (0, _) | (_, None) => format!("{l}\n"),
            (_, Some((head, _))) => format!("{head},0.00\n"),
        })
        .collect();
    std::fs::write(&daily, zeroed).unwrap();
    let s = ringfence_report::build(dir.path()).unwrap();
    let html = std::fs::read_to_string(&s.html).unwrap();
    let row = html
        .split("<tr>")
        .find(|r| r.contains("2020 COVID") && r.contains("2020-02-19"))
        .expect("the stress row");
    assert_eq!(row.matches(">none held<").count(), 1, "{row}");
    // The other hedged layouts held their hedge and show its P&L in dollars.
    assert!(row.matches("$").count() >= 2, "{row}");
}
