//! Exact fixed-point decimals for thresholds and fact values.
//!
//! Every comparison against a threshold is done in integers (`num × 100 ≥ thr × den`), never
//! with floats, so a ratio that sits exactly on its threshold is always judged the same way.

use std::cmp::Ordering;
use std::fmt;
use std::ops::{Add, Mul, Sub};

/// Number of decimal places kept.
pub const PLACES: u32 = 6;
const SCALE: i128 = 1_000_000;

/// A decimal number with six places, stored as an integer count of millionths.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Dec(i128);

impl Dec {
    pub const ZERO: Dec = Dec(0);
    pub const HUNDRED: Dec = Dec(100 * SCALE);

    pub fn from_int(v: i64) -> Dec {
        Dec(v as i128 * SCALE)
    }

    /// Parses `123`, `-4.5`, `1_000` or `12.345678`. More than six decimal places is an error.
    pub fn parse(text: &str) -> Option<Dec> {
        let t: String = text.trim().chars().filter(|c| *c != '_').collect();
        let (neg, body) = match t.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, t.strip_prefix('+').unwrap_or(&t)),
        };
        let (int_part, frac_part) = match body.split_once('.') {
            Some((i, f)) => (i, f),
            None => (body, ""),
        };
        if int_part.is_empty() && frac_part.is_empty() {
            return None;
        }
        if !int_part.chars().all(|c| c.is_ascii_digit())
            || !frac_part.chars().all(|c| c.is_ascii_digit())
            || frac_part.len() > PLACES as usize
            || int_part.len() > 24
        {
            return None;
        }
        let int: i128 = if int_part.is_empty() {
            0
        } else {
            int_part.parse().ok()?
        };
        let mut frac: i128 = if frac_part.is_empty() {
            0
        } else {
            frac_part.parse().ok()?
        };
        frac *= 10i128.pow(PLACES - frac_part.len() as u32);
        let v = int.checked_mul(SCALE)?.checked_add(frac)?;
        Some(Dec(if neg { -v } else { v }))
    }

    /// From a float written in a file: uses the shortest representation that round-trips, so
    /// `33.3` stays exactly 33.3.
    pub fn from_f64(v: f64) -> Option<Dec> {
        if !v.is_finite() {
            return None;
        }
        Dec::parse(&format!("{v}"))
    }

    pub fn is_integer(self) -> bool {
        self.0 % SCALE == 0
    }

    pub fn is_negative(self) -> bool {
        self.0 < 0
    }

    /// The integer part, when the value is whole.
    /// The exact value as a count of millionths, when it fits in 64 bits (any value below nine
    /// trillion does): a compact form for tables of many values.
    pub fn to_millionths(self) -> Option<i64> {
        i64::try_from(self.0).ok()
    }

    pub fn from_millionths(m: i64) -> Dec {
        Dec(m as i128)
    }

    pub fn to_i64(self) -> Option<i64> {
        if self.is_integer() {
            i64::try_from(self.0 / SCALE).ok()
        } else {
            None
        }
    }

    pub fn to_f64(self) -> f64 {
        self.0 as f64 / SCALE as f64
    }

    /// Smallest integer ≥ self.
    pub fn ceil_int(self) -> i128 {
        self.0.div_euclid(SCALE) + i128::from(self.0.rem_euclid(SCALE) != 0)
    }

    /// `a / b × 100`, rounded half away from zero to `places` decimals (for display only).
    pub fn percent(a: Dec, b: Dec, places: u32) -> Option<Dec> {
        if b.0 == 0 {
            return None;
        }
        let p = places.min(PLACES);
        let num = a.0 * 100 * 10i128.pow(p);
        let (q, r) = (num / b.0, num % b.0);
        let q = if 2 * r.abs() >= b.0.abs() {
            q + num.signum() * b.0.signum()
        } else {
            q
        };
        Some(Dec(q * 10i128.pow(PLACES - p)))
    }

    /// Compares the ratio `num / den` with a percentage threshold, exactly:
    /// `num × 100` against `thr × den`, all in integers.
    pub fn cmp_ratio(num: Dec, den: Dec, thr_percent: Dec) -> Ordering {
        (num.0 * 100 * SCALE).cmp(&(thr_percent.0 * den.0))
    }

    /// Smallest whole numerator `n` with `n / den ≥ thr %` (den > 0).
    pub fn min_numerator(den: Dec, thr_percent: Dec) -> i128 {
        // n*100*SCALE >= thr*den  →  n >= thr*den / (100*SCALE)
        let prod = thr_percent.0 * den.0;
        let d = 100 * SCALE * SCALE;
        prod.div_euclid(d) + i128::from(prod.rem_euclid(d) != 0)
    }

    /// Smallest whole `m ≥ 0` with `(num + m) / (den + m) ≥ thr %`: how many new members, each
    /// counted in the numerator and the denominator, close the gap. `None` when no number can
    /// (a threshold of 100 % or more with the ratio below it).
    pub fn min_added(num: Dec, den: Dec, thr_percent: Dec) -> Option<i128> {
        // (N + mS)·100S ≥ T·(D + mS)  →  m·S·(100S − T) ≥ T·D − 100S·N
        let need = thr_percent.0 * den.0 - 100 * SCALE * num.0;
        if need <= 0 {
            return Some(0);
        }
        let per = SCALE * (100 * SCALE - thr_percent.0);
        if per <= 0 {
            return None;
        }
        Some(need.div_euclid(per) + i128::from(need.rem_euclid(per) != 0))
    }

    /// Smallest whole `m ≥ 0` with `num / (den + m) ≤ thr %`: how many members outside the part
    /// bring a share down to its cap. `None` for a cap of 0 with a numerator above 0.
    pub fn min_growth(num: Dec, den: Dec, thr_percent: Dec) -> Option<i128> {
        // N·100S ≤ T·(D + mS)  →  m ≥ (N·100S − T·D) / (T·S)
        let need = num.0 * 100 * SCALE - thr_percent.0 * den.0;
        if need <= 0 {
            return Some(0);
        }
        let per = thr_percent.0 * SCALE;
        if per <= 0 {
            return None;
        }
        Some(need.div_euclid(per) + i128::from(need.rem_euclid(per) != 0))
    }

    /// Formats with a decimal separator and thousands grouping, dropping trailing zeros beyond
    /// `max_places`. Vietnamese: `1.234,5`; English: `1,234.5`. Written into one string, without
    /// a format string (every report prints hundreds of numbers).
    pub fn format(self, max_places: u32, vietnamese: bool) -> String {
        let places = max_places.min(PLACES);
        let unit = 10u128.pow(PLACES - places);
        let pow = 10u128.pow(places);
        // round half up, in units of 10^-places; in 64 bits when the value fits (any count,
        // area or percentage: a 128-bit division or digit is a call of its own). The fraction
        // is below 10^6.
        let half_up = self.0.unsigned_abs() + unit / 2;
        let (int, mut frac) = match u64::try_from(half_up) {
            Ok(v) => {
                let (unit, pow) = (unit as u64, pow as u64);
                (u128::from(v / unit / pow), (v / unit % pow) as u32)
            }
            Err(_) => (half_up / unit / pow, (half_up / unit % pow) as u32),
        };
        let mut frac_digits = places as usize;
        while frac_digits > 0 && frac % 10 == 0 {
            frac /= 10;
            frac_digits -= 1;
        }
        let (group_sep, dec_sep) = if vietnamese { ('.', ',') } else { (',', '.') };
        // the digits into a buffer of their own, not through `fmt` (a report prints hundreds)
        let mut buf = [0u8; 40];
        let int_digits = digits_into(int, &mut buf);
        let mut out = String::with_capacity(int_digits.len() * 4 / 3 + 2 + frac_digits);
        if self.0 < 0 && (int != 0 || frac != 0) {
            out.push('-');
        }
        for (i, &d) in int_digits.iter().enumerate() {
            if i > 0 && (int_digits.len() - i).is_multiple_of(3) {
                out.push(group_sep);
            }
            out.push(char::from(d));
        }
        if frac_digits > 0 {
            out.push(dec_sep);
            let mut buf = [0u8; 40];
            let frac = digits_into(u128::from(frac), &mut buf);
            out.extend(std::iter::repeat_n('0', frac_digits - frac.len()));
            out.extend(frac.iter().map(|&d| char::from(d)));
        }
        out
    }
}

/// The decimal digits of `n`, written at the end of `buf` (40 bytes hold any `u128`).
fn digits_into(mut n: u128, buf: &mut [u8; 40]) -> &[u8] {
    let mut at = buf.len();
    loop {
        at -= 1;
        // in 64 bits when it fits: a 128-bit division is a call of its own
        let digit = match u64::try_from(n) {
            Ok(small) => {
                n = u128::from(small / 10);
                small % 10
            }
            Err(_) => {
                let d = (n % 10) as u64;
                n /= 10;
                d
            }
        };
        buf[at] = b'0' + digit as u8;
        if n == 0 {
            return &buf[at..];
        }
    }
}

impl fmt::Display for Dec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let int = self.0 / SCALE;
        let frac = (self.0 % SCALE).abs();
        if frac == 0 {
            write!(f, "{int}")
        } else {
            let s = format!("{frac:06}");
            let sign = if self.0 < 0 && int == 0 { "-" } else { "" };
            write!(f, "{sign}{int}.{}", s.trim_end_matches('0'))
        }
    }
}

impl Add for Dec {
    type Output = Dec;
    fn add(self, o: Dec) -> Dec {
        Dec(self.0 + o.0)
    }
}

impl Sub for Dec {
    type Output = Dec;
    fn sub(self, o: Dec) -> Dec {
        Dec(self.0 - o.0)
    }
}

impl Mul<i64> for Dec {
    type Output = Dec;
    fn mul(self, k: i64) -> Dec {
        Dec(self.0 * k as i128)
    }
}

/// For people and JSON a number (an integer when whole); in a binary snapshot (a format that is
/// not human-readable) the exact count of millionths, so nothing is rounded.
impl serde::Serialize for Dec {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if !s.is_human_readable() {
            return s.serialize_i128(self.0);
        }
        match self.to_i64() {
            Some(i) => s.serialize_i64(i),
            None => s.serialize_f64(self.to_f64()),
        }
    }
}

/// Only the snapshot form (see `Serialize`): criteria and school files are read by the loaders.
impl<'de> serde::Deserialize<'de> for Dec {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Dec, D::Error> {
        i128::deserialize(d).map(Dec)
    }
}

impl schemars::JsonSchema for Dec {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Decimal".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "number",
            "description": "An exact decimal: an integer when it is whole, otherwise a number with the decimals the fact was given with"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Dec {
        Dec::parse(s).unwrap()
    }

    #[test]
    fn parses_and_prints() {
        assert_eq!(d("12.5").to_string(), "12.5");
        assert_eq!(d("-0.25").to_string(), "-0.25");
        assert_eq!(d("1_000").to_string(), "1000");
        assert_eq!(Dec::parse("1.2345678"), None);
        assert_eq!(Dec::parse("abc"), None);
        assert_eq!(Dec::parse(""), None);
        assert_eq!(Dec::from_f64(33.3), Some(d("33.3")));
    }

    #[test]
    fn ratio_comparison_is_exact_at_the_boundary() {
        // 3/4 = 75 % exactly
        assert_eq!(Dec::cmp_ratio(d("3"), d("4"), d("75")), Ordering::Equal);
        assert_eq!(
            Dec::cmp_ratio(d("2"), d("3"), d("66.666667")),
            Ordering::Less
        );
        assert_eq!(
            Dec::cmp_ratio(d("2"), d("3"), d("66.666666")),
            Ordering::Greater
        );
        assert_eq!(Dec::cmp_ratio(d("1"), d("3"), d("33.3")), Ordering::Greater);
    }

    #[test]
    fn minimal_numerator() {
        assert_eq!(Dec::min_numerator(d("36"), d("60")), 22); // 21.6 → 22
        assert_eq!(Dec::min_numerator(d("35"), d("60")), 21);
        assert_eq!(Dec::min_numerator(d("71"), d("90")), 64); // 63.9 → 64
        assert_eq!(Dec::min_numerator(d("20"), d("75")), 15);
    }

    #[test]
    fn percent_rounding() {
        assert_eq!(Dec::percent(d("5"), d("36"), 1).unwrap(), d("13.9"));
        assert_eq!(Dec::percent(d("70"), d("71"), 2).unwrap(), d("98.59"));
        assert_eq!(Dec::percent(d("1"), d("0"), 1), None);
    }

    /// `format` as it was written first (with `format!`), the reference for the faster one.
    fn format_reference(d: Dec, max_places: u32, vietnamese: bool) -> String {
        let places = max_places.min(PLACES);
        let unit = 10i128.pow(PLACES - places);
        let v = (d.0.abs() + unit / 2) / unit;
        let int = v / 10i128.pow(places);
        let mut frac = v % 10i128.pow(places);
        let mut frac_digits = places;
        while frac_digits > 0 && frac % 10 == 0 {
            frac /= 10;
            frac_digits -= 1;
        }
        let (group_sep, dec_sep) = if vietnamese { ('.', ',') } else { (',', '.') };
        let digits = int.to_string();
        let mut grouped = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                grouped.push(group_sep);
            }
            grouped.push(c);
        }
        let sign = if d.0 < 0 && (int != 0 || frac != 0) {
            "-"
        } else {
            ""
        };
        if frac_digits == 0 {
            format!("{sign}{grouped}")
        } else {
            format!(
                "{sign}{grouped}{dec_sep}{frac:0width$}",
                width = frac_digits as usize
            )
        }
    }

    #[test]
    fn formatting_matches_the_reference() {
        let mut values = vec![0i128, 1, -1, 499_999, 500_000, -500_000, 999_999, 1_000_000];
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let magnitude = 10i128.pow((x % 19) as u32);
            values.push(i128::from(x as i64) % magnitude);
        }
        values.extend([
            i128::from(u64::MAX),
            -i128::from(u64::MAX),
            i128::MAX / 3,
            i128::MIN / 3,
        ]);
        for v in values {
            for places in 0..=7 {
                for vi in [true, false] {
                    let d = Dec(v);
                    assert_eq!(
                        d.format(places, vi),
                        format_reference(d, places, vi),
                        "{v} {places}"
                    );
                }
            }
        }
    }

    #[test]
    fn locale_formatting() {
        assert_eq!(d("1234567.5").format(2, true), "1.234.567,5");
        assert_eq!(d("1234567.5").format(2, false), "1,234,567.5");
        assert_eq!(d("13.888").format(1, true), "13,9");
        assert_eq!(d("1000000000").format(0, true), "1.000.000.000");
    }
}
