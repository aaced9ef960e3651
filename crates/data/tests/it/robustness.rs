//! Property tests: no input makes format detection, the readers or validation panic.

use std::path::Path;

use proptest::prelude::*;
use ringfence_data::check::file::validate;
use ringfence_data::formats::detect_bytes;
use ringfence_data::formats::parse_bytes;
use ringfence_data::scan::{Role, role_of};

const HEADERS: [&str; 11] = [
    "DATE,OPEN,HIGH,LOW,CLOSE\n",
    "DATE,VVIX\n",
    "Date,Open,High,Low,Close,Volume\n",
    "Date,Open,High,Low,Close,Adj Close,Volume\n",
    "Date,Open,High,Low,Close\n",
    "observation_date,DTB3\n",
    "CFE data is compiled\r\nTrade Date,Futures,Open,High,Low,Close,Settle,Change,Total Volume,EFP,Open Interest\r\n",
    ",Trade Date,Futures,Open,High,Low,Close,Settle,Change,Total Volume,EFP,Open Interest\n",
    "Trade Date,Open,High,Low,Close,Settle,Change,Total Volume,EFP,Prev. Day Open Interest\n",
    ",DATE,VIX,VX1,VX2,VX3,VX4,VX5,VX6,VX7,VX8,SP500\n",
    "date\tunderlying\tvix_close\tx\n",
];

fn exercise(bytes: &[u8]) {
    let path = Path::new("prop.csv");
    let _ = detect_bytes(path, bytes);
    if let Ok(f) = parse_bytes(path, bytes) {
        let role = role_of(f.format, path, Some("VVIX"));
        let _ = validate(&f, role);
        let _ = validate(&f, Some(Role::Spx));
        let _ = f.date_range();
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        exercise(&bytes);
    }

    #[test]
    fn known_header_with_arbitrary_rows_never_panics(
        h in 0..HEADERS.len(),
        rows in proptest::collection::vec("[0-9/.,: \\-\r\nA-Za-z()]{0,60}", 0..12),
    ) {
        let text = format!("{}{}", HEADERS[h], rows.join("\n"));
        exercise(text.as_bytes());
    }

    #[test]
    fn known_header_with_plausible_rows_never_panics(
        h in 0..HEADERS.len(),
        rows in proptest::collection::vec(
            ("[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}|[0-9]{4}-[0-9]{2}-[0-9]{2}", proptest::collection::vec("-?[0-9]{0,3}(\\.[0-9]{0,3})?|F \\(Jan 08\\)|2026-04-15|\\.", 1..13)),
            0..10,
        ),
    ) {
        let body: Vec<String> = rows.iter().map(|(d, f)| format!("{d},{}", f.join(","))).collect();
        let text = format!("{}{}", HEADERS[h], body.join("\n"));
        exercise(text.as_bytes());
        // The same rows with an unnamed index column in front.
        let indexed: Vec<String> = body.iter().enumerate().map(|(i, r)| format!("{i},{r}")).collect();
        exercise(format!("{}{}", HEADERS[h], indexed.join("\r\n")).as_bytes());
    }
}
