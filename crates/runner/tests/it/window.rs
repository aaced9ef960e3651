//! Windows: built-in stress episodes, custom and rolling windows, resolution on the data.

use chrono::NaiveDate;
use ringfence_runner::plan::Slot;
use ringfence_runner::window::{STRESS_EPISODES, episode};
use ringfence_runner::{Overrides, Plan};

use crate::support::{parse, parse_err, shipped_data};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// The plan of config `text` on the shipped data from `from` on, or why it cannot run.
fn try_plan_on(text: &str, from: NaiveDate) -> ringfence_runner::Result<Plan> {
    let config = ringfence_runner::Config::parse(
        std::path::Path::new("w.toml"),
        text,
        &Overrides {
            data_dir: Some(shipped_data()),
            out_dir: None,
        },
    )
    .unwrap();
    let h = ringfence_runner::load_history(&config).unwrap();
    let start = h.index_on_or_after(from).unwrap();
    let h = h.slice(start..h.len());
    Plan::new(config, h)
}

fn plan_on(text: &str, from: NaiveDate) -> Plan {
    try_plan_on(text, from).unwrap()
}

#[test]
fn fifteen_stress_episodes_run_peak_to_trough() {
    assert_eq!(STRESS_EPISODES.len(), 15);
    let covid = episode("covid_2020").unwrap();
    assert_eq!(
        (covid.start_date(), covid.end_date()),
        (d(2020, 2, 19), d(2020, 3, 23))
    );
    let gfc = episode("gfc_2008").unwrap();
    assert_eq!(
        (gfc.start_date(), gfc.end_date()),
        (d(2007, 10, 9), d(2009, 3, 9))
    );
    let names: Vec<&str> = STRESS_EPISODES.iter().map(|e| e.name).collect();
    for n in [
        "gulf_war_1990",
        "asian_crisis_1997",
        "ltcm_1998",
        "sept11_2001",
        "bear_2002",
        "flash_crash_2010",
        "us_downgrade_2011",
        "august_2015",
        "volmageddon_2018",
        "q4_2018",
        "bear_2022",
        "yen_carry_2024",
        "tariffs_2025",
    ] {
        assert!(names.contains(&n), "{n}");
    }
}

#[test]
fn stress_group_keeps_the_episodes_inside_the_data_and_lists_the_rest() {
    let p = plan_on("[windows]\nselect = [\"stress\"]\n", d(2005, 1, 3));
    let kept: Vec<&str> = p
        .selection
        .windows
        .iter()
        .map(|w| w.name.as_str())
        .collect();
    let skipped: Vec<&str> = p
        .selection
        .skipped
        .iter()
        .map(|w| w.name.as_str())
        .collect();
    assert_eq!(
        skipped,
        [
            "gulf_war_1990",
            "asian_crisis_1997",
            "ltcm_1998",
            "sept11_2001",
            "bear_2002"
        ]
    );
    assert_eq!(kept.len(), 10);
    assert_eq!(kept[0], "gfc_2008");
    assert!(
        p.listing()
            .iter()
            .any(|l| l.starts_with("skipped stress window bear_2002"))
    );
}

#[test]
fn a_named_episode_outside_the_data_resolves_to_an_error() {
    let p = plan_on(
        "[windows]\nselect = [\"full\", \"bear_2002\"]\n",
        d(2005, 1, 3),
    );
    assert_eq!(p.count, 2);
    let err = p.range(Slot::Window(1)).unwrap_err();
    assert!(
        err.contains("lies outside the data (2005-01-03 to"),
        "{err}"
    );
    assert!(p.range(Slot::Window(0)).is_ok());
}

#[test]
fn covid_window_covers_its_trading_days() {
    let p = plan_on("[windows]\nselect = [\"covid_2020\"]\n", d(1990, 1, 2));
    let r = p.range(Slot::Window(0)).unwrap();
    assert_eq!(p.history.dates[r.start], d(2020, 2, 19));
    assert_eq!(p.history.dates[r.end - 1], d(2020, 3, 23));
    // 2020-02-19 .. 2020-03-23: 3 + 4 x 5 + 1 = 24 NYSE trading days.
    assert_eq!(r.end - r.start, 24);
}

#[test]
fn rolling_windows_step_through_the_full_range() {
    let p = plan_on(
        "[windows]\nselect = [\"rolling\"]\nstart = \"1990-01-02\"\nend = \"2025-12-31\"\n\
         [windows.rolling]\nyears = 10\nstep_months = 60\n",
        d(1990, 1, 2),
    );
    let names: Vec<&str> = p
        .selection
        .windows
        .iter()
        .map(|w| w.name.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "rolling_1990-01-02",
            "rolling_1995-01-02",
            "rolling_2000-01-02",
            "rolling_2005-01-02",
            "rolling_2010-01-02",
            "rolling_2015-01-02"
        ]
    );
    assert_eq!(p.selection.windows[5].end, d(2025, 1, 1));
}

#[test]
fn custom_windows_are_selectable_by_name() {
    let c = parse(
        "[windows]\nselect = [\"full\", \"my_crash\"]\n\
         [windows.custom]\nmy_crash = { start = 1998-08-01, end = \"1998-10-31\" }\n",
    )
    .unwrap();
    assert_eq!(c.windows.custom["my_crash"].start.0, d(1998, 8, 1));
}

#[test]
fn bad_window_sections_are_refused() {
    let msg = parse_err("[windows]\nselect = [\"covid2020\"]\n");
    assert!(msg.contains("unknown window `covid2020`"), "{msg}");
    assert!(msg.contains("did you mean `covid_2020`?"), "{msg}");
    let msg = parse_err(
        "[windows]\nselect = [\"x\"]\n[windows.custom]\nx = { start = 2001-01-05, end = 2001-01-02 }\n",
    );
    assert!(msg.contains("is not before end"), "{msg}");
    assert!(parse_err("[windows]\nselect = [\"rolling\"]\n").contains("[windows.rolling]"));
    assert!(
        parse_err("[windows]\nselect = [\"stress\", \"covid_2020\"]\n").contains("selected twice")
    );
    assert!(parse_err("[windows]\nstart = 2010-01-04\nend = 2009-01-02\n").contains("not before"));
    assert!(parse_err("[windows]\nselect = []\n").contains("select at least one window"));
    let msg = parse_err("[windows]\nselect = [\"full\"]\nstart = \"2020-13-01\"\n");
    assert!(msg.contains("not a date"), "{msg}");
}

#[test]
fn custom_window_names_may_not_shadow_built_ins() {
    let msg = parse_err(
        "[windows]\nselect = [\"full\"]\n[windows.custom]\ncovid_2020 = { start = 2020-01-02, end = 2020-02-03 }\n",
    );
    assert!(msg.contains("reserved or built-in"), "{msg}");
}

#[test]
fn a_run_none_of_whose_windows_lies_inside_the_data_is_refused_naming_the_key() {
    let plan_err = |text: &str| try_plan_on(text, d(2005, 1, 3)).unwrap_err().to_string();
    // The full window, bounded by [windows] start, begins before the data: never shortened.
    let e = plan_err("[windows]\nstart = 2004-06-01\n");
    assert!(e.contains("windows.start"), "{e}");
    assert!(
        e.contains("window full (2004-06-01 to ")
            && e.contains("starts before the data (2005-01-03 to"),
        "{e}"
    );
    // A named episode alone, wholly before the data.
    let e = plan_err("[windows]\nselect = [\"bear_2002\"]\n");
    assert!(e.contains("windows.select"), "{e}");
    assert!(e.contains("lies outside the data (2005-01-03 to"), "{e}");
}
