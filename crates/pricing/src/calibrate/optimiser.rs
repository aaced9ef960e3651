//! A deterministic Nelder-Mead simplex minimiser (no randomness: the same start gives the
//! same answer on every machine).

/// Settings of [`nelder_mead`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NelderMead {
    /// Largest number of objective evaluations per restart.
    pub max_evals: usize,
    /// Number of restarts from the best point (a fresh simplex each time).
    pub restarts: usize,
    /// Stop when the spread of objective values in the simplex falls below this.
    pub f_tol: f64,
}

impl Default for NelderMead {
    fn default() -> Self {
        NelderMead {
            max_evals: 4000,
            restarts: 4,
            f_tol: 1e-10,
        }
    }
}

/// Minimise `f` from `start`, with initial simplex steps `steps` (one per coordinate).
/// Returns the best point and its value. Non-finite objective values count as `+inf`.
pub fn nelder_mead(
    f: &mut dyn FnMut(&[f64]) -> f64,
    start: &[f64],
    steps: &[f64],
    opts: NelderMead,
) -> (Vec<f64>, f64) {
    let n = start.len();
    let mut eval = |x: &[f64]| {
        let v = f(x);
        if v.is_finite() { v } else { f64::INFINITY }
    };
    let mut best = start.to_vec();
    let mut best_f = eval(&best);
    for restart in 0..=opts.restarts {
        // Shrink the initial steps on each restart.
        let scale = 0.5f64.powi(restart as i32);
        let mut simplex: Vec<Vec<f64>> = vec![best.clone()];
        for i in 0..n {
            let mut p = best.clone();
            p[i] += steps[i] * scale;
            simplex.push(p);
        }
        let mut values: Vec<f64> = simplex.iter().map(|p| eval(p)).collect();
        let mut evals = n + 1;
        while evals < opts.max_evals {
            // Order the simplex (stable sort: deterministic ties).
            let mut order: Vec<usize> = (0..=n).collect();
            order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
            simplex = order.iter().map(|&i| simplex[i].clone()).collect();
            values = order.iter().map(|&i| values[i]).collect();
            if (values[n] - values[0]).abs() <= opts.f_tol * (1.0 + values[0].abs()) {
                break;
            }
            let centroid: Vec<f64> = (0..n)
                .map(|j| simplex[..n].iter().map(|p| p[j]).sum::<f64>() / n as f64)
                .collect();
            let along = |t: f64| -> Vec<f64> {
                (0..n)
                    .map(|j| centroid[j] + t * (simplex[n][j] - centroid[j]))
                    .collect()
            };
            let xr = along(-1.0);
            let fr = eval(&xr);
            evals += 1;
            if fr < values[0] {
                let xe = along(-2.0);
                let fe = eval(&xe);
                evals += 1;
                if fe < fr {
                    simplex[n] = xe;
                    values[n] = fe;
                } else {
                    simplex[n] = xr;
                    values[n] = fr;
                }
            } else if fr < values[n - 1] {
                simplex[n] = xr;
                values[n] = fr;
            } else {
                let (xc, fc) = if fr < values[n] {
                    let x = along(-0.5);
                    let v = eval(&x);
                    (x, v)
                } else {
                    let x = along(0.5);
                    let v = eval(&x);
                    (x, v)
                };
                evals += 1;
                if fc < values[n].min(fr) {
                    simplex[n] = xc;
                    values[n] = fc;
                } else {
                    let (best_point, rest) = simplex.split_at_mut(1);
                    for (p, v) in rest.iter_mut().zip(values.iter_mut().skip(1)) {
                        for (pj, bj) in p.iter_mut().zip(&best_point[0]) {
                            *pj = bj + 0.5 * (*pj - bj);
                        }
                        *v = eval(p);
                    }
                    evals += n;
                }
            }
        }
        let (k, v) = values
            .iter()
            .enumerate()
            .min_by(|a, b| a.1.total_cmp(b.1))
            .map(|(k, v)| (k, *v))
            .unwrap_or((0, f64::INFINITY));
        if v < best_f {
            best_f = v;
            best = simplex[k].clone();
        }
    }
    (best, best_f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_rosenbrock_minimum() {
        let mut f = |x: &[f64]| (1.0 - x[0]).powi(2) + 100.0 * (x[1] - x[0] * x[0]).powi(2);
        let (x, v) = nelder_mead(&mut f, &[-1.2, 1.0], &[0.5, 0.5], NelderMead::default());
        assert!(v < 1e-8, "{v}");
        assert!((x[0] - 1.0).abs() < 1e-3 && (x[1] - 1.0).abs() < 1e-3);
    }
}
