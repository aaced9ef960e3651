//! A calendar date in a config: a TOML local date (`2020-02-19`) or a string
//! (`"2020-02-19"`), with an error that says what is accepted. Use with
//! `#[serde(deserialize_with = "ringfence_data::serde_date::deserialize")]`.

use std::fmt;

use chrono::NaiveDate;
use serde::de::{self, Deserializer, Visitor};

/// Deserialize a [`NaiveDate`] from a TOML local date or a `YYYY-MM-DD` string.
///
/// # Errors
/// Anything else, or a date that does not exist (`2017-02-30`), with a message naming it.
pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
    struct V;
    impl<'de> Visitor<'de> for V {
        type Value = NaiveDate;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a date YYYY-MM-DD")
        }
        fn visit_str<E: de::Error>(self, s: &str) -> Result<NaiveDate, E> {
            NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
                .map_err(|_| E::custom(format!("`{s}` is not a date YYYY-MM-DD")))
        }
        fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<NaiveDate, A::Error> {
            // A TOML datetime arrives as a one-entry map holding its text.
            let Some((_, text)) = map.next_entry::<String, String>()? else {
                return Err(de::Error::custom("expected a date YYYY-MM-DD"));
            };
            if text.len() != 10 {
                return Err(de::Error::custom(format!(
                    "`{text}` is not a date YYYY-MM-DD (no time or offset)"
                )));
            }
            self.visit_str(&text)
        }
    }
    d.deserialize_any(V)
}
