//! A sweep of two parameters: heat maps and the ranking instead of thousands of charts.

use crate::fixture::{Fixture, write_run};
use crate::pixels::decode;

#[test]
fn sweep_of_100_variants_gives_two_heat_maps_and_a_top_20_table() {
    let dir = tempfile::tempdir().unwrap();
    let f = Fixture {
        layouts: vec!["ring_fenced", "commingled"],
        grid: (10, 10),
        ..Fixture::default()
    };
    write_run(dir.path(), &f);
    let s = ringfence_report::build(dir.path()).unwrap();
    // 100 variants of one window, each in two layouts.
    assert_eq!((s.scenarios, s.variants), (100, 100));
    let names: Vec<String> = s
        .charts
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert!(names.contains(&"heatmap_cagr.png".to_string()), "{names:?}");
    assert!(
        names.contains(&"heatmap_max_drawdown.png".to_string()),
        "{names:?}"
    );
    // time-series charts only for the first variant, not one per variant
    assert_eq!(names.iter().filter(|n| n.starts_with("equity")).count(), 2);
    for n in ["heatmap_cagr.png", "heatmap_max_drawdown.png"] {
        let img = decode(&std::fs::read(dir.path().join(n)).unwrap());
        assert_eq!((img.width, img.height), (1200, 700));
        assert!(img.variance() > 100.0, "{n} blank");
    }
    let html = std::fs::read_to_string(&s.html).unwrap();
    assert!(html.contains("Top 20 of 100 variants by CAGR difference"));
    assert!(html.contains("condor.short_delta") && html.contains("hedge.budget_annual"));
    // rf - cm CAGR = -0.01 + 0.5 y + 0.03 (x - 0.1): largest at the largest x and y, v09_09
    let table = html.find("Top 20 of 100").unwrap();
    let first_row = table + html[table..].find("<tr><td class=\"l\">v").unwrap();
    assert!(
        html[first_row..].starts_with("<tr><td class=\"l\">v09_09"),
        "{}",
        &html[first_row..first_row + 40]
    );
}

#[test]
fn heat_map_cell_at_delta_0_13_budget_0_006_is_minus_0_61_pp() {
    let dir = tempfile::tempdir().unwrap();
    let f = Fixture {
        layouts: vec!["ring_fenced", "commingled"],
        grid: (4, 3),
        days: 60,
        ..Fixture::default()
    };
    write_run(dir.path(), &f);
    let run = ringfence_report::Run::load(dir.path()).unwrap();
    let grid = ringfence_report::sweep::grid(&run.scenarios, "full", "cagr").unwrap();
    assert_eq!(grid.x_param, "condor.short_delta");
    assert_eq!(grid.x_values, ["0.10", "0.11", "0.12", "0.13"]);
    assert_eq!(grid.y_values, ["0.0050", "0.0055", "0.0060"]);
    // rf - cm = -0.01 + 0.5 y + 0.03 (x - 0.1); x = 0.13, y = 0.006:
    // -0.01 + 0.003 + 0.0009 = -0.0061
    assert!(
        (grid.cells[2][3] - (-0.0061)).abs() < 1e-6,
        "{}",
        grid.cells[2][3]
    );
    assert_eq!(grid.counts[2][3], 1);
}
