//! The answer to the run's question, per variant: ring_fenced minus commingled in CAGR,
//! maximum drawdown, the worst stress episode and forced-liquidation cost, each with its
//! bootstrap interval where the run has one; what the layout mechanisms did in each layout;
//! and, when the run sweeps the mechanism ladder (`mechanisms.through`), the ladder.

use std::collections::BTreeMap;

use ringfence_schema::mechanisms::{LADDER, LADDER_KEY};

use crate::paired::{PAIR, PairedRow};
use crate::scenario::Scenarios;

/// The metrics whose difference answers the question, in table order (the worst stress
/// episode is derived from the stress windows).
pub const ANSWER_METRICS: [&str; 3] = ["cagr", "max_drawdown", "liquidation_cost_usd"];

/// What the layout mechanisms did: the counters of `summary.csv` compared between layouts,
/// with the phrase a sentence uses for each.
pub const ACTIVITY: [(&str, &str); 9] = [
    (
        "sizing_differs",
        "condor entries sized off the account rather than the sleeve",
    ),
    ("hedge_spend_cuts", "hedge spends cut for want of cash"),
    ("transfers", "transfers between the accounts"),
    ("intraday_liquidations", "intraday (real-time) liquidations"),
    ("hedge_sales_for_calls", "hedge sales to meet a call"),
    ("stress_addon_days", "days with stress add-ons"),
    ("margin_calls", "margin calls"),
    ("forced_liquidations", "forced liquidations"),
    (
        "refused_entries",
        "openings refused for want of cash or margin",
    ),
];

/// A difference ring_fenced - commingled with its interval (NaN ends when there is none).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Diff {
    /// The difference on the real history.
    pub value: f64,
    /// Lower end of the bootstrap interval.
    pub low: f64,
    /// Upper end.
    pub high: f64,
}

impl Diff {
    const NONE: Diff = Diff {
        value: f64::NAN,
        low: f64::NAN,
        high: f64::NAN,
    };

    /// Whether the interval excludes zero (`None` without an interval).
    pub fn excludes_zero(&self) -> Option<bool> {
        (self.low.is_finite() && self.high.is_finite()).then_some(self.low > 0.0 || self.high < 0.0)
    }

    /// Whether the interval excludes zero on the other side from the real history's
    /// difference: the resampled histories favour the other layout.
    pub fn opposes_value(&self) -> bool {
        (self.value > 0.0 && self.high < 0.0) || (self.value < 0.0 && self.low > 0.0)
    }
}

/// The worst stress episode of each layout and the difference of their returns.
#[derive(Debug, Clone, PartialEq)]
pub struct WorstStress {
    /// ring_fenced's worst episode return minus commingled's.
    pub diff: f64,
    /// ring_fenced's worst episode and its total return.
    pub ring_fenced: (String, f64),
    /// commingled's worst episode and its total return.
    pub commingled: (String, f64),
}

/// The answer for one variant.
#[derive(Debug, Clone)]
pub struct VariantAnswer {
    /// Variant id.
    pub variant: String,
    /// Swept parameter values, aligned with `Scenarios::param_names`.
    pub params: Vec<String>,
    /// Differences of [`ANSWER_METRICS`] on the main window, in that order.
    pub diffs: [Diff; 3],
    /// Worst stress episode, when the run has stress windows.
    pub worst_stress: Option<WorstStress>,
    /// [`ACTIVITY`] counters on the main window: (ring_fenced, commingled).
    pub activity: [(f64, f64); 9],
}

/// One step of the mechanism ladder.
#[derive(Debug, Clone)]
pub struct LadderStep {
    /// Mechanisms switched on.
    pub through: usize,
    /// What the step adds (`every mechanism off` for step 0).
    pub label: String,
    /// The variant's answer.
    pub answer: VariantAnswer,
}

/// Everything the answer section shows.
#[derive(Debug, Clone, Default)]
pub struct Answer {
    /// Every variant with both compared layouts on the main window, in variant order.
    pub variants: Vec<VariantAnswer>,
    /// The mechanism ladder, when the run sweeps `mechanisms.through`.
    pub ladder: Vec<LadderStep>,
}

/// Variants listed in the answer table; a larger sweep lists the largest CAGR differences.
pub const MAX_LISTED: usize = 40;

impl Answer {
    /// The variants the answer table lists, with its title: every variant up to
    /// [`MAX_LISTED`], else the [`MAX_LISTED`] with the largest absolute CAGR difference.
    pub fn listed(&self) -> (String, Vec<&VariantAnswer>) {
        let mut listed: Vec<&VariantAnswer> = self.variants.iter().collect();
        if listed.len() <= MAX_LISTED {
            return ("Every variant".to_string(), listed);
        }
        listed.sort_by(|x, y| {
            let (dx, dy) = (x.diffs[0].value.abs(), y.diffs[0].value.abs());
            dy.total_cmp(&dx)
        });
        listed.truncate(MAX_LISTED);
        let title = format!(
            "The {MAX_LISTED} of {} variants with the largest CAGR difference",
            self.variants.len()
        );
        (title, listed)
    }

    /// Compute the answer from the summary rows and every row of `paired.csv`.
    pub fn compute(s: &Scenarios, paired: &[PairedRow], stress_windows: &[String]) -> Answer {
        let window = &s.main_window;
        let by_key: BTreeMap<(&str, &str, &str), &PairedRow> = paired
            .iter()
            .map(|r| {
                (
                    (r.variant.as_str(), r.window.as_str(), r.metric.as_str()),
                    r,
                )
            })
            .collect();
        let variants: Vec<VariantAnswer> = s
            .variants
            .iter()
            .filter_map(|v| {
                let rf = s.find(v, window, PAIR[0])?;
                let cm = s.find(v, window, PAIR[1])?;
                let diffs =
                    ANSWER_METRICS.map(|m| match by_key.get(&(v.as_str(), window.as_str(), m)) {
                        Some(r) => Diff {
                            value: r.diff,
                            low: r.ci_low,
                            high: r.ci_high,
                        },
                        None if s.metric_index(m).is_some() => Diff {
                            value: s.metric(rf, m) - s.metric(cm, m),
                            ..Diff::NONE
                        },
                        None => Diff::NONE,
                    });
                let activity = ACTIVITY.map(|(m, _)| (s.metric(rf, m), s.metric(cm, m)));
                Some(VariantAnswer {
                    variant: v.clone(),
                    params: rf.params.clone(),
                    diffs,
                    worst_stress: worst_stress(s, v, stress_windows),
                    activity,
                })
            })
            .collect();
        let ladder = ladder(s, &variants);
        Answer { variants, ladder }
    }
}

/// The stress episode with the lowest total return of each compared layout.
fn worst_stress(s: &Scenarios, variant: &str, windows: &[String]) -> Option<WorstStress> {
    let worst = |layout: &str| {
        windows
            .iter()
            .filter_map(|w| {
                let r = s.find(variant, w, layout)?;
                let v = s.metric(r, "total_return");
                v.is_finite().then(|| (w.clone(), v))
            })
            .min_by(|a, b| a.1.total_cmp(&b.1))
    };
    let (rf, cm) = (worst(PAIR[0])?, worst(PAIR[1])?);
    Some(WorstStress {
        diff: rf.1 - cm.1,
        ring_fenced: rf,
        commingled: cm,
    })
}

/// The ladder steps: variants differing only in `mechanisms.through` from the variant with
/// the most mechanisms on, in step order; empty when the key is not swept.
fn ladder(s: &Scenarios, variants: &[VariantAnswer]) -> Vec<LadderStep> {
    let Some(k) = s.param_names.iter().position(|p| p == LADDER_KEY) else {
        return Vec::new();
    };
    let step = |v: &VariantAnswer| v.params[k].parse::<usize>().ok();
    let Some(top) = variants
        .iter()
        .filter(|v| step(v).is_some())
        .max_by_key(|v| step(v))
    else {
        return Vec::new();
    };
    let same_rest = |v: &VariantAnswer| {
        v.params
            .iter()
            .zip(&top.params)
            .enumerate()
            .all(|(i, (a, b))| i == k || a == b)
    };
    let mut steps: Vec<LadderStep> = variants
        .iter()
        .filter(|v| same_rest(v))
        .filter_map(|v| {
            let through = step(v)?;
            let label = match through {
                0 => "every mechanism off (the baseline)".to_string(),
                n => LADDER.get(n - 1).map_or("?", |m| m.label).to_string(),
            };
            Some(LadderStep {
                through,
                label,
                answer: v.clone(),
            })
        })
        .collect();
    steps.sort_by_key(|s| s.through);
    steps.dedup_by_key(|s| s.through);
    if steps.len() < 2 { Vec::new() } else { steps }
}

/// One plain sentence on what the mechanisms did over `variants` (a group of the sweep, or
/// one variant): the counters that differ between the layouts, largest relative difference
/// first, or why nothing differed.
pub fn mechanism_sentence(variants: &[&VariantAnswer]) -> String {
    let n = variants.len();
    let mut sums = [(0.0_f64, 0.0_f64); 9];
    for v in variants {
        for (i, (a, b)) in v.activity.iter().enumerate() {
            sums[i].0 += if a.is_finite() { *a } else { 0.0 };
            sums[i].1 += if b.is_finite() { *b } else { 0.0 };
        }
    }
    let cagr: Vec<f64> = variants
        .iter()
        .map(|v| v.diffs[0].value)
        .filter(|x| x.is_finite())
        .collect();
    let identical = cagr.iter().all(|d| *d == 0.0)
        && variants
            .iter()
            .all(|v| v.diffs[1].value == 0.0 || !v.diffs[1].value.is_finite());
    let mut acting: Vec<(usize, f64)> = sums
        .iter()
        .enumerate()
        .filter(|(_, (a, b))| a != b)
        .map(|(i, (a, b))| (i, (a - b).abs() / a.abs().max(b.abs()).max(1.0)))
        .collect();
    acting.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let runs = if n == 1 {
        String::new()
    } else {
        format!(" (summed over {n} variants)")
    };
    if acting.is_empty() {
        return if identical {
            format!(
                "No mechanism acted differently in the two layouts{runs}: no condor entry came \
                 out another size in one account than in the other, and margin calls, \
                 liquidations, refused openings, hedge spend cuts and transfers were the same \
                 in both, so both traded the same positions on the same days and the results \
                 are identical."
            )
        } else {
            format!(
                "The layouts differ although no counted mechanism differs{runs}: the difference \
                 comes from sizing on different equity (hedge marks, idle cash and its interest)."
            )
        };
    }
    let parts: Vec<String> = acting
        .iter()
        .map(|&(i, _)| {
            format!(
                "{}: {} ring-fenced vs {} commingled",
                ACTIVITY[i].1,
                count(sums[i].0),
                count(sums[i].1)
            )
        })
        .collect();
    format!(
        "What moved the result{runs}: {}; the largest relative difference is in {}.",
        parts.join("; "),
        ACTIVITY[acting[0].0].1
    )
}

fn count(v: f64) -> String {
    crate::format::in_unit(crate::format::Unit::Count, v)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(activity: [(f64, f64); 9], cagr: f64) -> VariantAnswer {
        VariantAnswer {
            variant: "0".into(),
            params: Vec::new(),
            diffs: [
                Diff {
                    value: cagr,
                    ..Diff::NONE
                },
                Diff {
                    value: 0.0,
                    ..Diff::NONE
                },
                Diff::NONE,
            ],
            worst_stress: None,
            activity,
        }
    }

    #[test]
    fn an_interval_opposes_the_value_only_when_it_excludes_zero_on_the_other_side() {
        let d = |value, low, high| Diff { value, low, high };
        assert!(d(0.02, -0.05, -0.01).opposes_value());
        assert!(d(-0.02, 0.01, 0.05).opposes_value());
        assert!(!d(0.02, 0.01, 0.05).opposes_value());
        assert!(!d(0.02, -0.01, 0.05).opposes_value());
        assert!(!d(-0.02, -0.05, 0.01).opposes_value());
        assert!(!d(0.02, f64::NAN, f64::NAN).opposes_value());
    }

    #[test]
    fn identical_layouts_say_why() {
        let a = answer([(0.0, 0.0); 9], 0.0);
        let s = mechanism_sentence(&[&a]);
        assert!(s.starts_with("No mechanism acted"), "{s}");
    }

    #[test]
    fn the_largest_relative_difference_is_named() {
        let mut act = [(0.0, 0.0); 9];
        act[0] = (0.0, 100.0); // sizing: 100 vs 0 -> relative 1.0
        act[6] = (10.0, 8.0); // margin calls: relative 0.2
        let a = answer(act, 0.001);
        let s = mechanism_sentence(&[&a]);
        assert!(
            s.ends_with("largest relative difference is in condor entries sized off the account rather than the sleeve."),
            "{s}"
        );
        assert!(
            s.contains("margin calls: 10 ring-fenced vs 8 commingled"),
            "{s}"
        );
        assert!(s.find("condor entries").unwrap() < s.find("margin calls").unwrap());
    }

    #[test]
    fn an_interval_excludes_zero_only_when_both_ends_share_a_sign() {
        let d = |low, high| Diff {
            value: 0.0,
            low,
            high,
        };
        assert_eq!(d(0.1, 0.2).excludes_zero(), Some(true));
        assert_eq!(d(-0.2, -0.1).excludes_zero(), Some(true));
        assert_eq!(d(-0.1, 0.2).excludes_zero(), Some(false));
        assert_eq!(d(f64::NAN, 0.2).excludes_zero(), None);
    }
}
