//! Cross-validation of the smile fit by quote date: the fit's errors on dates it did not
//! see, so that a choice between fits (the condor weight, the SKEW slopes, the call-wing
//! turn) is made on the fit file without reading a held-out file.
//!
//! The distinct quote dates, in date order, are either dealt to the folds in turn (date `j`
//! to fold `j mod K`: every fold spans the file's years and VIX regimes) or cut into `K`
//! contiguous blocks (each fold is a stretch of time the fit has not seen, the harder test
//! for a covariate whose effect may drift, such as SKEW). The rows of one date stay together,
//! as the smile points of one day share its errors. Each fold's rows are priced under the fit
//! on the other folds.

use std::fmt;

use super::smile_fit::{
    SmileContext, SmileFitReport, SmileObservation, VixRegimeErrors, errors_by_vix_rows,
    evaluate_rows, quote_dates, rows_of,
};
use crate::error::{PricingError, Result};
use crate::smile::SmileParams;

/// How the quote dates are split into folds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FoldScheme {
    /// Date `j` (in date order) to fold `j mod K`.
    Interleaved,
    /// `K` contiguous blocks of dates, as equal in size as the count allows.
    Contiguous,
}

impl fmt::Display for FoldScheme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FoldScheme::Interleaved => "dates dealt to the folds in turn",
            FoldScheme::Contiguous => "contiguous blocks of dates",
        })
    }
}

/// The fold of every row of a smile file, as [`date_folds`] deals them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateFolds {
    /// Number of folds.
    pub count: usize,
    /// How the dates were split.
    pub scheme: FoldScheme,
    /// The fold of each row, in file order.
    pub fold_of: Vec<usize>,
}

/// Out-of-fold errors of a smile fit.
#[derive(Debug, Clone, PartialEq)]
pub struct CrossValidation {
    /// Number of folds.
    pub folds: usize,
    /// How the dates were split.
    pub scheme: FoldScheme,
    /// Every row priced under the fit on the folds it is not in.
    pub out_of_fold: SmileFitReport,
    /// The same by the VIX close of each row.
    pub by_vix: VixRegimeErrors,
    /// The fit with each fold held out, in fold order.
    pub fold_params: Vec<SmileParams>,
}

/// The fold of each row, from its quote date's rank `j` among the `n` distinct dates:
/// `j mod folds` ([`FoldScheme::Interleaved`]) or `j folds / n` ([`FoldScheme::Contiguous`]).
///
/// # Errors
/// [`PricingError::InvalidConfig`] when `folds` is below 2 or above the number of dates.
pub fn date_folds(obs: &[SmileObservation], folds: usize, scheme: FoldScheme) -> Result<DateFolds> {
    let dates = quote_dates(obs);
    if folds < 2 || folds > dates.len() {
        return Err(PricingError::InvalidConfig {
            key: "folds".into(),
            value: format!(
                "{folds} (the file has {} quote date{})",
                dates.len(),
                if dates.len() == 1 { "" } else { "s" }
            ),
            expected: "2 to the number of quote dates",
        });
    }
    let fold_of = obs
        .iter()
        .map(|o| {
            let j = dates.binary_search(&o.date).unwrap_or(0);
            match scheme {
                FoldScheme::Interleaved => j % folds,
                FoldScheme::Contiguous => j * folds / dates.len(),
            }
        })
        .collect();
    Ok(DateFolds {
        count: folds,
        scheme,
        fold_of,
    })
}

/// Fit with each fold of `folds` (dealt by [`date_folds`] on the same `obs`) held out: `fit`
/// on the other folds' rows, and price the held-out rows.
pub fn cross_validate(
    obs: &[SmileObservation],
    ctx: &[SmileContext],
    div_yield: f64,
    folds: &DateFolds,
    fit: &dyn Fn(&[SmileObservation], &[SmileContext]) -> SmileParams,
) -> CrossValidation {
    assert_eq!(
        folds.fold_of.len(),
        obs.len(),
        "the folds were dealt on another file"
    );
    let fold_params: Vec<SmileParams> = (0..folds.count)
        .map(|k| {
            let training: Vec<usize> = (0..obs.len()).filter(|&i| folds.fold_of[i] != k).collect();
            let (o, c) = rows_of(obs, ctx, &training);
            fit(&o, &c)
        })
        .collect();
    let params_of = |i: usize| &fold_params[folds.fold_of[i]];
    CrossValidation {
        folds: folds.count,
        scheme: folds.scheme,
        out_of_fold: evaluate_rows(obs, ctx, &params_of, None, div_yield),
        by_vix: errors_by_vix_rows(obs, ctx, &params_of, div_yield),
        fold_params,
    }
}

impl fmt::Display for CrossValidation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "## Cross-validated: {} folds by quote date, {} (each date's rows priced under the fit on the other folds)\n",
            self.folds, self.scheme
        )?;
        writeln!(f, "{}", self.out_of_fold)?;
        writeln!(f, "{}", self.by_vix)?;
        writeln!(f, "The fit with each fold held out:\n")?;
        for (k, p) in self.fold_params.iter().enumerate() {
            let fitted: Vec<String> = p
                .fitted()
                .iter()
                .map(|(k, v)| format!("{k} {v:.4}"))
                .collect();
            writeln!(f, "- fold {}: {}", k + 1, fitted.join(", "))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(date: &str) -> SmileObservation {
        let date: chrono::NaiveDate = date.parse().unwrap();
        SmileObservation {
            date,
            spot: 3000.0,
            spy: false,
            vix_close: 15.0,
            expiry: date + chrono::Days::new(30),
            dte: 30,
            iv: [Some(0.15); 7],
            ic16_50_mid: None,
        }
    }

    #[test]
    fn dates_are_dealt_to_the_folds_in_turn_and_a_date_stays_in_one_fold() {
        let obs = [
            row("2005-09-15"),
            row("2011-08-08"),
            row("2005-09-15"),
            row("2017-01-03"),
            row("2022-03-01"),
        ];
        let folds = |k, scheme| date_folds(&obs, k, scheme).unwrap().fold_of;
        assert_eq!(folds(2, FoldScheme::Interleaved), vec![0, 1, 0, 0, 1]);
        assert_eq!(folds(4, FoldScheme::Interleaved), vec![0, 1, 0, 2, 3]);
        // Four dates in two blocks: 2005 and 2011, then 2017 and 2022.
        assert_eq!(folds(2, FoldScheme::Contiguous), vec![0, 0, 0, 1, 1]);
        assert_eq!(folds(3, FoldScheme::Contiguous), vec![0, 0, 0, 1, 2]);
        for bad in [0, 1, 5] {
            let e = date_folds(&obs, bad, FoldScheme::Contiguous)
                .unwrap_err()
                .to_string();
            assert!(e.contains("the file has 4 quote dates"), "{e}");
        }
    }
}
