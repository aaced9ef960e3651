//! Seeded byte- and line-level mutations for the stable fuzz passes (no fuzzer needed):
//! bit flips, bytes set, inserted and deleted, truncation, lines duplicated, deleted and
//! swapped, CRLF / bare CR line ends, UTF-8 and UTF-16 byte-order marks, numbers replaced
//! with huge, negative or non-finite ones, fields replaced with hostile tokens, and another
//! input spliced in. Used by the data crate's stable fuzz pass and the CLI's fuzz tests.
//!
//! The iteration count of every pass is `RINGFENCE_FUZZ_ITERS` when set (see [`iters`]).

use ringfence_data::rng::Rng;

/// Tokens that have broken parsers elsewhere: non-finite and huge numbers, odd dates,
/// quotes, separators, byte-order marks, non-ASCII text.
pub const TOKENS: [&str; 30] = [
    "",
    "NaN",
    "nan",
    "inf",
    "-inf",
    "1e400",
    "1e308",
    "-1e308",
    "99999999999999999999999999999",
    "-1",
    "-0",
    "0",
    "4.9e-324",
    "0x1F",
    "1_000",
    "01/02/2020",
    "2/30/2020",
    "2020-02-30",
    "0000-00-00",
    "9999-12-31",
    "\"",
    "\"a,b\"",
    ",,,",
    "\u{FEFF}",
    "é",
    "\t",
    "\\",
    "F (Jan 08)",
    "[[x]]",
    "= =",
];

/// Iterations of a pass: `RINGFENCE_FUZZ_ITERS` when set to a number, else `default`.
pub fn iters(default: usize) -> usize {
    std::env::var("RINGFENCE_FUZZ_ITERS")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

fn pick<'a>(rng: &mut Rng, items: &'a [&'a str]) -> &'a str {
    items[rng.below(items.len() as u64) as usize]
}

fn at(rng: &mut Rng, len: usize) -> usize {
    rng.below(len as u64 + 1) as usize
}

fn lines(data: &[u8]) -> Vec<Vec<u8>> {
    data.split_inclusive(|b| *b == b'\n')
        .map(<[u8]>::to_vec)
        .collect()
}

/// Apply one to four mutations to `data`; `other` is spliced in by one of them.
pub fn mutate(rng: &mut Rng, data: &[u8], other: &[u8]) -> Vec<u8> {
    let mut out = data.to_vec();
    for _ in 0..=rng.below(4) {
        out = mutate_once(rng, out, other);
    }
    out
}

fn mutate_once(rng: &mut Rng, mut out: Vec<u8>, other: &[u8]) -> Vec<u8> {
    let n = out.len();
    match rng.below(16) {
        // A bit flip.
        0 if n > 0 => {
            let i = rng.below(n as u64) as usize;
            out[i] ^= 1 << rng.below(8);
        }
        // A byte set to a structural or invalid-UTF-8 value.
        1 if n > 0 => {
            let i = rng.below(n as u64) as usize;
            let bytes = [0u8, 0xFF, b'\r', b'\n', b',', b'"', 0x80, 0xC3, b'\t', b'-'];
            out[i] = bytes[rng.below(bytes.len() as u64) as usize];
        }
        // Random bytes inserted.
        2 => {
            let i = at(rng, n);
            let k = 1 + rng.below(8) as usize;
            let bytes: Vec<u8> = (0..k).map(|_| rng.next_u64() as u8).collect();
            out.splice(i..i, bytes);
        }
        // A token inserted.
        3 => {
            let i = at(rng, n);
            out.splice(i..i, pick(rng, &TOKENS).bytes());
        }
        // A byte range deleted.
        4 if n > 0 => {
            let i = rng.below(n as u64) as usize;
            let k = (1 + rng.below(16) as usize).min(n - i);
            out.drain(i..i + k);
        }
        // Truncated anywhere.
        5 => out.truncate(at(rng, n)),
        // A line duplicated, deleted or swapped with another.
        6..=8 => {
            let mut ls = lines(&out);
            if !ls.is_empty() {
                let i = rng.below(ls.len() as u64) as usize;
                let j = rng.below(ls.len() as u64) as usize;
                match rng.below(3) {
                    0 => {
                        let l = ls[i].clone();
                        ls.insert(j, l);
                    }
                    1 => {
                        ls.remove(i);
                    }
                    _ => ls.swap(i, j),
                }
            }
            out = ls.concat();
        }
        // CRLF or bare-CR line ends.
        9 => {
            let with = if rng.bernoulli(0.7) {
                &b"\r\n"[..]
            } else {
                &b"\r"[..]
            };
            out = out.split(|b| *b == b'\n').collect::<Vec<_>>().join(with);
        }
        // A byte-order mark (UTF-8, UTF-16 LE or BE).
        10 => {
            let boms: [&[u8]; 3] = [b"\xEF\xBB\xBF", b"\xFF\xFE", b"\xFE\xFF"];
            out.splice(0..0, boms[rng.below(3) as usize].iter().copied());
        }
        // A number replaced with a huge, negative or non-finite one.
        11 => {
            let starts: Vec<usize> = (0..n)
                .filter(|&i| out[i].is_ascii_digit() && (i == 0 || !out[i - 1].is_ascii_digit()))
                .collect();
            if !starts.is_empty() {
                let s = starts[rng.below(starts.len() as u64) as usize];
                let mut e = s;
                while e < n && (out[e].is_ascii_digit() || out[e] == b'.') {
                    e += 1;
                }
                let numbers = [
                    "1e400",
                    "1e308",
                    "99999999999999999999999",
                    "-5",
                    "0",
                    "NaN",
                    "inf",
                    "0.000000000000000000001",
                    "18446744073709551616",
                ];
                out.splice(s..e, pick(rng, &numbers).bytes());
            }
        }
        // A field of a line replaced with a token.
        12 | 13 => {
            let mut ls = lines(&out);
            if !ls.is_empty() {
                let i = rng.below(ls.len() as u64) as usize;
                let sep = if ls[i].contains(&b'\t') { b'\t' } else { b',' };
                let mut fields: Vec<Vec<u8>> =
                    ls[i].split(|b| *b == sep).map(<[u8]>::to_vec).collect();
                let k = rng.below(fields.len() as u64) as usize;
                let newline = fields[k].last() == Some(&b'\n');
                fields[k] = pick(rng, &TOKENS).as_bytes().to_vec();
                if newline {
                    fields[k].push(b'\n');
                }
                ls[i] = fields.join(&sep);
            }
            out = ls.concat();
        }
        // Lines of another input spliced in (mixed formats, dates out of order).
        14 => {
            let theirs = lines(other);
            if !theirs.is_empty() {
                let a = rng.below(theirs.len() as u64) as usize;
                let b = (a + 1 + rng.below(8) as usize).min(theirs.len());
                let mut ls = lines(&out);
                let i = at(rng, ls.len());
                ls.splice(i..i, theirs[a..b].iter().cloned());
                out = ls.concat();
            }
        }
        // The body repeated (every date twice).
        15 => {
            let copy = out.clone();
            let body = copy
                .iter()
                .position(|b| *b == b'\n')
                .map_or(&copy[..0], |p| &copy[p + 1..]);
            out.extend_from_slice(body);
        }
        _ => {}
    }
    out
}

/// A short stable name for an input (FNV-1a, hex), for saving failures.
pub fn name_of(data: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in data {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}
