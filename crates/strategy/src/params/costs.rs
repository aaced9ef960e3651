//! `[costs]`: the pricing crate's [`CostModel`] as a config table. Its fields, defaults and
//! checks live in `ringfence_pricing::costs`; this impl of [`Param`] gives the reference its
//! rows (a test checks they are exactly the model's keys) and maps its check to a
//! [`ParamError`].

use ringfence_pricing::PricingError;
use ringfence_pricing::costs::SpreadMode;

use super::range::out_of_range;
use super::table::join_key;
use super::{CostModel, Param, ParamDoc, ParamError};

impl Param for CostModel {
    fn kind() -> String {
        "table".into()
    }

    fn show(&self) -> String {
        String::new()
    }

    fn rows(value: Option<&Self>, prefix: &str, out: &mut Vec<ParamDoc>) {
        let d = value.copied().unwrap_or_default();
        let non_negative = "a finite number >= 0";
        let rows = [
            (
                "spx_option_commission_usd",
                d.spx_option_commission_usd,
                non_negative,
                "SPX option commission + exchange fees, USD per contract per side.",
            ),
            (
                "vix_option_commission_usd",
                d.vix_option_commission_usd,
                non_negative,
                "VIX option commission + exchange fees, USD per contract per side.",
            ),
            (
                "vx_future_commission_usd",
                d.vx_future_commission_usd,
                non_negative,
                "VX future commission + exchange fees, USD per contract per side.",
            ),
            (
                "spx_option_slippage_points",
                d.spx_option_slippage_points,
                non_negative,
                "SPX option slippage from mid per leg under spread = \"flat\", index points.",
            ),
            (
                "vix_option_slippage_points",
                d.vix_option_slippage_points,
                non_negative,
                "VIX option slippage from mid per leg under spread = \"flat\", VIX points.",
            ),
            (
                "vx_future_slippage_points",
                d.vx_future_slippage_points,
                non_negative,
                "VX future slippage from mid (both spread modes), VIX points.",
            ),
            (
                "forced_liquidation_multiplier",
                d.forced_liquidation_multiplier,
                "a finite number >= 1",
                "Factor applied to flat slippage in forced liquidations: every product under \
                 spread = \"flat\", VX futures under \"calibrated\".",
            ),
        ];
        let mut push = |(name, default, range, meaning): (&str, f64, &str, &str)| {
            out.push(ParamDoc::of(
                join_key(prefix, name),
                &default,
                range.to_string(),
                meaning,
            ));
        };
        rows.into_iter().for_each(&mut push);
        out.push(ParamDoc::of(
            join_key(prefix, "spread"),
            &d.spread,
            String::new(),
            "How option slippage is priced: a fraction of the bid-ask half-spread modelled \
             from the leg's mid, the VIX level and days to expiry, or a flat number of points.",
        ));
        for row in [
            (
                "normal_spread_fraction",
                d.normal_spread_fraction,
                "a finite number in [0, 1]",
                "Share of the modelled half-spread an order the trader works pays (spread = \
                 \"calibrated\"; SPX and VIX options).",
            ),
            (
                "forced_spread_fraction",
                d.forced_spread_fraction,
                "a finite number in [0, 5]",
                "Share of the modelled half-spread a forced liquidation pays (spread = \
                 \"calibrated\"; SPX and VIX options): 1 crosses to the touch.",
            ),
        ] {
            out.push(ParamDoc::of(
                join_key(prefix, row.0),
                &row.1,
                row.2.to_string(),
                row.3,
            ));
        }
    }

    fn check(&self, prefix: &str, out: &mut Vec<ParamError>) {
        match self.validate() {
            Ok(()) => {}
            Err(PricingError::InvalidConfig {
                key,
                value,
                expected,
            }) => {
                let name = key.rsplit('.').next().unwrap_or(&key);
                out.push(ParamError {
                    key: join_key(prefix, name),
                    message: out_of_range(value, expected),
                });
            }
            Err(other) => out.push(ParamError {
                key: prefix.to_string(),
                message: out_of_range(other, "valid costs"),
            }),
        }
    }
}

impl Param for SpreadMode {
    fn kind() -> String {
        let names: Vec<String> = SpreadMode::ALL
            .iter()
            .map(|m| format!("\"{}\"", m.name()))
            .collect();
        format!("one of {}", names.join(", "))
    }

    fn show(&self) -> String {
        format!("\"{}\"", self.name())
    }

    fn choices() -> Vec<(&'static str, &'static str)> {
        vec![
            (
                "calibrated",
                "SPX and VIX options pay a fraction of the bid-ask half-spread fitted on real \
                 chains (crates/pricing/CALIBRATION.md, section 6): it widens with the VIX \
                 level and the option's price.",
            ),
            (
                "flat",
                "every leg pays its product's `*_slippage_points`, times \
                 `forced_liquidation_multiplier` when forced, whatever the market.",
            ),
        ]
    }
}
