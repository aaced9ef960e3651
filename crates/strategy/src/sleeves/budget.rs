//! The hedge sleeve's rolling 12-month premium budget.
//!
//! Every purchase charges its gross premium (at the execution price: mid plus slippage;
//! commissions excluded) on its trade date. A charge counts for 365 calendar days. The spend
//! of a roll is capped at `cap - (charges of the last 365 days)`, so the sum of charges over
//! any 365-day window never exceeds the cap in force on the day of the last charge.

use chrono::{Datelike, NaiveDate};

/// Most charges remembered (a year of daily rolls on 32 layers); older charges that still
/// fall in the window when the ring is full are folded into one aggregate charge.
const CAPACITY: usize = 512;

/// Rolling window of premium charges.
#[derive(Debug, Clone)]
pub struct RollingBudget {
    /// Charge dates as days from the common era.
    days: [i32; CAPACITY],
    amounts: [f64; CAPACITY],
    head: usize,
    len: usize,
    sum: f64,
}

impl Default for RollingBudget {
    fn default() -> Self {
        RollingBudget {
            days: [0; CAPACITY],
            amounts: [0.0; CAPACITY],
            head: 0,
            len: 0,
            sum: 0.0,
        }
    }
}

impl RollingBudget {
    /// Drop charges older than 365 calendar days before `date`.
    fn expire(&mut self, date: NaiveDate) {
        let today = date.num_days_from_ce();
        while self.len > 0 && today - self.days[self.head] >= 365 {
            self.sum -= self.amounts[self.head];
            self.head = (self.head + 1) % CAPACITY;
            self.len -= 1;
        }
        if self.len == 0 {
            self.sum = 0.0;
        }
    }

    /// Premium charged in the 365 calendar days up to and including `date`, USD.
    pub fn spent(&mut self, date: NaiveDate) -> f64 {
        self.expire(date);
        self.sum.max(0.0)
    }

    /// What is left under `cap` on `date`, USD (>= 0).
    pub fn remaining(&mut self, date: NaiveDate, cap: f64) -> f64 {
        (cap - self.spent(date)).max(0.0)
    }

    /// Charge `amount` USD on `date` (dates must not decrease).
    pub fn charge(&mut self, date: NaiveDate, amount: f64) {
        self.expire(date);
        if amount <= 0.0 {
            return;
        }
        if self.len == CAPACITY {
            // Fold the oldest charge into the next one: it then expires later, which only
            // makes the budget stricter.
            let next = (self.head + 1) % CAPACITY;
            self.amounts[next] += self.amounts[self.head];
            self.head = next;
            self.len -= 1;
        }
        let tail = (self.head + self.len) % CAPACITY;
        self.days[tail] = date.num_days_from_ce();
        self.amounts[tail] = amount;
        self.len += 1;
        self.sum += amount;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn charges_leave_the_window_after_365_days() {
        let mut b = RollingBudget::default();
        b.charge(d(2020, 1, 2), 10_000.0);
        b.charge(d(2020, 6, 1), 5_000.0);
        assert_eq!(b.remaining(d(2020, 12, 31), 15_000.0), 0.0);
        // 2021-01-01 is 365 days after 2020-01-02 (2020 is a leap year).
        assert_eq!(b.spent(d(2021, 1, 1)), 5_000.0);
        assert_eq!(b.remaining(d(2021, 6, 1), 15_000.0), 15_000.0);
    }
}
