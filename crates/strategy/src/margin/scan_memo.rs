//! Memo of portfolio-margin scans of single legs.
//!
//! A portfolio-margin requirement values every leg at every point of its class's scenario
//! grid. The same leg in the same state is scanned many times a day: by the margin check,
//! the entry checks, the trader's sales, the record of the day, at the corners of the day
//! under real-time margin, and in every layout holding it (a ring-fenced core and a
//! commingled account hold the same condor legs, marked alike). A scan depends only on its
//! inputs (the leg's contract, implied vol, time to expiry and underlying, the day's spot,
//! rate and dividend yield, and the grid), so it is remembered under the exact bits of those
//! inputs: a hit returns the values computed before, bit for bit, and results do not depend
//! on whether the memo hit.
//!
//! The memo is direct-mapped (a colliding key replaces the slot), per thread (the runner's
//! workers never share it) and bounded (about 0.4 MB per thread).

use std::cell::RefCell;

/// Inputs of one leg's scan, as exact bit patterns.
pub type ScanKey = [u64; 12];

/// Most values a slot holds: the leg's value now, then one per scenario point.
pub const MAX_VALUES: usize = 34;

const SLOTS: usize = 1024;

#[derive(Clone, Copy)]
struct Slot {
    key: ScanKey,
    len: usize,
    values: [f64; MAX_VALUES],
}

thread_local! {
    static MEMO: RefCell<Vec<Option<Slot>>> = RefCell::new(vec![None; SLOTS]);
}

fn slot_of(key: &ScanKey) -> usize {
    let mut h: u64 = 0;
    for &k in key {
        h = (h.rotate_left(5) ^ k).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    (h >> 32) as usize % SLOTS
}

/// Call `use_values` with the `len` values of the scan under `key` (`len <= MAX_VALUES`),
/// computing them with `compute` (which fills the slice it is given) unless the memo holds
/// them.
pub fn with_scan<R>(
    key: &ScanKey,
    len: usize,
    compute: impl FnOnce(&mut [f64]),
    use_values: impl FnOnce(&[f64]) -> R,
) -> R {
    debug_assert!(len <= MAX_VALUES);
    MEMO.with_borrow_mut(|memo| {
        let slot = &mut memo[slot_of(key)];
        match slot {
            Some(s) if s.key == *key && s.len == len => use_values(&s.values[..len]),
            _ => {
                let mut values = [0.0; MAX_VALUES];
                compute(&mut values[..len]);
                *slot = Some(Slot {
                    key: *key,
                    len,
                    values,
                });
                use_values(&values[..len])
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_computed_once_and_a_different_key_recomputes() {
        let mut computed = 0;
        let key = [7; 12];
        let mut fill = |v: &mut [f64]| {
            computed += 1;
            for (i, x) in v.iter_mut().enumerate() {
                *x = i as f64 * 0.5;
            }
        };
        let a = with_scan(&key, 3, &mut fill, <[f64]>::to_vec);
        let b = with_scan(&key, 3, &mut fill, <[f64]>::to_vec);
        assert_eq!(a, vec![0.0, 0.5, 1.0]);
        assert_eq!(a, b);
        let mut other = key;
        other[11] = 8;
        with_scan(&other, 3, &mut fill, |_| ());
        // The same key with another length is another scan.
        let c = with_scan(&key, 2, &mut fill, <[f64]>::to_vec);
        assert_eq!(c, vec![0.0, 0.5]);
        assert_eq!(computed, 3);
    }
}
