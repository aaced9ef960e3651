//! `[costs]`: the pricing crate's [`CostModel`] as a config table. Its fields, defaults and
//! checks live in `ringfence_pricing::costs`; this impl of [`Param`] gives the reference its
//! rows (a test checks they are exactly the model's keys) and maps its check to a
//! [`ParamError`].

use ringfence_pricing::PricingError;

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
                "SPX option slippage from mid per leg, index points.",
            ),
            (
                "vix_option_slippage_points",
                d.vix_option_slippage_points,
                non_negative,
                "VIX option slippage from mid per leg, VIX points.",
            ),
            (
                "vx_future_slippage_points",
                d.vx_future_slippage_points,
                non_negative,
                "VX future slippage from mid, VIX points.",
            ),
            (
                "forced_liquidation_multiplier",
                d.forced_liquidation_multiplier,
                "a finite number >= 1",
                "Factor applied to slippage in forced liquidations.",
            ),
        ];
        for (name, default, range, meaning) in rows {
            out.push(ParamDoc::of(
                join_key(prefix, name),
                &default,
                range.to_string(),
                meaning,
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
