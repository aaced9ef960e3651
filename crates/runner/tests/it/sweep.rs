//! Sweep expansion: lists, ranges, zip groups, order, labels and bad sweeps.

use serde_json::json;

use crate::support::{parse, parse_err};

#[test]
fn cartesian_product_varies_the_first_key_slowest() {
    let c = parse(
        "[sweep]\n\"condor.short_delta\" = [0.1, 0.2]\n\"hedge.instrument\" = [\"vix_call\", \"vx_future\", \"spx_put\"]\n\
         [hedge.long_strike]\nkind = \"delta\"\nvalue = 0.3\n",
    )
    .unwrap();
    assert_eq!(c.variant_count(), 6);
    let v = c.variant(4).unwrap();
    assert_eq!(v.label, "short_delta=0.2,instrument=vx_future");
    assert_eq!(
        v.params,
        vec![
            ("condor.short_delta".to_string(), json!(0.2)),
            ("hedge.instrument".to_string(), json!("vx_future")),
        ]
    );
    assert_eq!(v.strategy.condor.short_delta, 0.2);
    assert_eq!(
        c.variant(0).unwrap().label,
        "short_delta=0.1,instrument=vix_call"
    );
    assert_eq!(
        c.variant(5).unwrap().label,
        "short_delta=0.2,instrument=spx_put"
    );
}

#[test]
fn float_ranges_are_inclusive_and_free_of_rounding_noise() {
    let c = parse("[sweep]\n\"condor.margin_target\" = { from = 0.05, to = 0.2, step = 0.05 }\n")
        .unwrap();
    let got: Vec<f64> = (0..c.variant_count())
        .map(|i| c.variant(i).unwrap().strategy.condor.margin_target)
        .collect();
    assert_eq!(got, vec![0.05, 0.1, 0.15, 0.2]);
}

#[test]
fn integer_ranges_give_integers_and_may_descend() {
    let c = parse("[sweep.condor]\ntarget_dte = { from = 60, to = 30, step = -15 }\n").unwrap();
    let got: Vec<u32> = (0..c.variant_count())
        .map(|i| c.variant(i).unwrap().strategy.condor.target_dte)
        .collect();
    assert_eq!(got, vec![60, 45, 30]);
    assert_eq!(c.variant(1).unwrap().label, "target_dte=45");
}

#[test]
fn zip_groups_advance_together() {
    let c = parse(
        "[sweep]\n\"condor.short_delta\" = [0.1, 0.2]\n\
         [[sweep.zip]]\n\"condor.target_dte\" = [30, 45, 60]\n\"condor.exit_dte\" = [10, 21, 25]\n",
    )
    .unwrap();
    assert_eq!(c.variant_count(), 6);
    let v = c.variant(5).unwrap();
    assert_eq!(v.strategy.condor.short_delta, 0.2);
    assert_eq!(v.strategy.condor.target_dte, 60);
    assert_eq!(v.strategy.condor.exit_dte, 25);
}

#[test]
fn array_elements_can_be_swept_by_index() {
    let c = parse("[sweep]\n\"hedge.layers.1.target_dte\" = [45, 75]\n").unwrap();
    let v = c.variant(1).unwrap();
    assert_eq!(v.strategy.hedge.layers[1].target_dte, 75);
    assert_eq!(v.strategy.hedge.layers[0].target_dte, 30);
}

#[test]
fn model_parameters_can_be_swept_and_get_their_own_model() {
    let c =
        parse("[sweep]\n\"model.div_yield\" = [0.01, 0.02]\n\"condor.short_delta\" = [0.1, 0.2]\n")
            .unwrap();
    // Keys are ordered by name: condor.short_delta varies slowest, model.div_yield fastest.
    assert_eq!(c.model_count(), 2);
    assert_eq!(c.variant(0).unwrap().model, 0);
    assert_eq!(c.variant(1).unwrap().model, 1);
    assert_eq!(c.variant(2).unwrap().model, 0);
    assert_eq!(
        c.variant(1).unwrap().label,
        "short_delta=0.1,div_yield=0.02"
    );
    let m = serde_json::to_value(c.model_params(1).unwrap()).unwrap();
    assert_eq!(m["div_yield"], json!(0.02));
}

#[test]
fn unknown_sweep_key_is_refused_with_a_suggestion() {
    let msg = parse_err("[sweep]\n\"condor.short_delt\" = [0.1]\n");
    assert!(
        msg.starts_with("test.toml:2:1: `sweep.\"condor.short_delt\"`"),
        "{msg}"
    );
    assert!(msg.contains("no key `short_delt` in `condor`"), "{msg}");
    assert!(msg.contains("did you mean `condor.short_delta`?"), "{msg}");
    let msg = parse_err("[sweep]\n\"condorr.short_delta\" = [0.1]\n");
    assert!(msg.contains("did you mean `condor`?"), "{msg}");
}

#[test]
fn empty_list_is_refused() {
    let msg = parse_err("[sweep]\n\"condor.short_delta\" = []\n");
    assert!(msg.contains("empty list"), "{msg}");
    assert!(msg.starts_with("test.toml:2:"), "{msg}");
}

#[test]
fn range_with_step_zero_is_refused() {
    let msg = parse_err("[sweep]\n\"condor.short_delta\" = { from = 0.1, to = 0.2, step = 0 }\n");
    assert!(msg.contains("step is 0"), "{msg}");
}

#[test]
fn range_with_the_wrong_sign_is_refused() {
    let msg =
        parse_err("[sweep]\n\"condor.short_delta\" = { from = 0.1, to = 0.2, step = -0.05 }\n");
    assert!(msg.contains("wrong sign"), "{msg}");
    assert!(msg.contains("positive step"), "{msg}");
}

#[test]
fn range_with_a_missing_or_unknown_field_is_refused() {
    assert!(
        parse_err("[sweep]\n\"condor.short_delta\" = { from = 0.1, to = 0.2 }\n")
            .contains("`step` is missing")
    );
    let msg = parse_err("[sweep]\n\"condor.short_delta\" = { from = 0.1, to = 0.2, stpe = 0.1 }\n");
    assert!(msg.contains("did you mean `step`?"), "{msg}");
}

#[test]
fn zip_lists_of_different_lengths_are_refused() {
    let msg = parse_err(
        "[[sweep.zip]]\n\"condor.target_dte\" = [30, 45]\n\"condor.exit_dte\" = [10, 21, 30]\n",
    );
    assert!(msg.contains("equal lengths"), "{msg}");
}

#[test]
fn swept_values_of_the_wrong_type_point_at_the_value() {
    let msg = parse_err("[sweep]\n\"condor.short_delta\" = [0.1,\n \"x\"]\n");
    assert!(msg.starts_with("test.toml:3:2:"), "{msg}");
    assert!(msg.contains("`sweep.\"condor.short_delta\"`"), "{msg}");
    let msg = parse_err("[sweep]\n\"hedge.instrument\" = [\"vix_call\", \"vix_cal\"]\n");
    assert!(msg.contains("did you mean `vix_call`?"), "{msg}");
}

#[test]
fn runner_tables_and_layouts_cannot_be_swept() {
    assert!(
        parse_err("[sweep]\n\"layouts\" = [[\"commingled\"]]\n")
            .contains("layouts cannot be swept")
    );
    assert!(parse_err("[sweep]\n\"run.seed\" = [1, 2]\n").contains("`run` cannot be swept"));
}

#[test]
fn a_key_swept_twice_is_refused() {
    let msg =
        parse_err("[sweep]\n\"condor.short_delta\" = [0.1]\n[sweep.condor]\nshort_delta = [0.2]\n");
    assert!(
        msg.contains("swept twice") || msg.contains("duplicate"),
        "{msg}"
    );
}
