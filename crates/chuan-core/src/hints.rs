//! Reading what a person meant by a number written the Vietnamese way.
//!
//! Vietnamese writes `25.300` for twenty-five thousand three hundred and `17.980,5` for a
//! decimal; TOML and YAML read `25.300` as 25,3 and reject `17.980,5`. People also type units
//! (`150 giường`), spaces between digit groups (`17 980`) or quotes (`"25300"`). This module
//! recognises those forms so that a message can say what to write instead. It never changes a
//! value: the loader still refuses or warns, and the person edits the file.

use crate::decimal::Dec;

/// What was wrong with a number as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mistake {
    /// `25.300`: dots between groups of three digits.
    ThousandsDots,
    /// `17 980`: spaces between groups of three digits.
    ThousandsSpaces,
    /// `17980,5`: a comma before the decimals.
    DecimalComma,
    /// `150 giường`: a unit or word after the number.
    Unit(String),
    /// `"25300"`: a number in quotes.
    Quoted,
}

/// A number as a person probably meant it: `text` is how to write it in the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reading {
    pub text: String,
    pub value: Dec,
    pub mistake: Mistake,
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_digit())
}

/// `1`–`3` digits, then groups of exactly three after each separator.
fn grouped(s: &str, sep: char) -> Option<String> {
    let mut parts = s.split(sep);
    let first = parts.next()?;
    if !all_digits(first) || first.len() > 3 {
        return None;
    }
    let mut out = first.to_string();
    let mut groups = 0;
    for p in parts {
        if p.len() != 3 || !all_digits(p) {
            return None;
        }
        out.push_str(p);
        groups += 1;
    }
    (groups > 0).then_some(out)
}

/// The plain number behind `text` when it is written in one of the forms above.
pub fn read_number(text: &str) -> Option<Reading> {
    let t = text.trim();
    let (inner, quoted) = match t
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .or_else(|| t.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')))
    {
        Some(s) => (s.trim(), true),
        None => (t, false),
    };
    // the number, then perhaps a unit
    let end = inner
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || matches!(c, '.' | ',' | ' ' | '_')))
        .map_or(inner.len(), |(i, _)| i);
    let (num, rest) = inner.split_at(end);
    let (num, unit) = (num.trim(), rest.trim());
    if num.is_empty() || !num.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    if !unit.is_empty() && !unit.starts_with(char::is_alphabetic) && !unit.starts_with('%') {
        return None;
    }
    let (int_part, frac) = match num.split_once(',') {
        Some((i, f)) if all_digits(f) => (i, Some(f)),
        Some(_) => return None,
        None => (num, None),
    };
    let (digits, mut mistake) = if let Some(d) = grouped(int_part, '.') {
        (d, Some(Mistake::ThousandsDots))
    } else if let Some(d) = grouped(int_part, ' ') {
        (d, Some(Mistake::ThousandsSpaces))
    } else if let Some(d) = grouped(int_part, '_') {
        (d, None)
    } else if all_digits(int_part)
        || (frac.is_none() && Dec::parse(int_part).is_some() && !int_part.contains(' '))
    {
        (int_part.to_string(), None)
    } else {
        return None;
    };
    let text = match frac {
        Some(f) => {
            mistake = mistake.or(Some(Mistake::DecimalComma));
            format!("{digits}.{f}")
        }
        None => digits,
    };
    let mistake = match (mistake, unit.is_empty(), quoted) {
        (Some(m), _, _) => m,
        (None, false, _) => Mistake::Unit(unit.to_string()),
        (None, true, true) => Mistake::Quoted,
        // a plain number as written: nothing to correct
        (None, true, false) => return None,
    };
    let value = Dec::parse(&text)?;
    Some(Reading {
        text,
        value,
        mistake,
    })
}

/// A number grouped by thin spaces for a message (`25 300`): no reader can take the
/// separator for a decimal point, whichever convention they use.
pub fn spaced(d: Dec) -> String {
    let s = d.to_string();
    let (int, frac) = s
        .split_once('.')
        .map_or((s.as_str(), None), |(i, f)| (i, Some(f)));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push(',');
        out.push_str(f);
    }
    out
}

/// A yes/no a person wrote as a word (`có`, `không`, `yes`, `on`, `x`…), as the boolean meant.
/// chuan reads only `true` and `false` (as YAML 1.2 and TOML do); these words get a hint.
pub fn read_bool(text: &str) -> Option<bool> {
    match text.trim().trim_matches('"').to_lowercase().as_str() {
        "có" | "co" | "đúng" | "dung" | "yes" | "y" | "on" | "x" | "rồi" | "đã" => {
            Some(true)
        }
        "không" | "khong" | "sai" | "no" | "n" | "off" | "chưa" => Some(false),
        _ => None,
    }
}

/// A date a person wrote as `13/11/2023` (or `13-11-2023`, `13.11.2023`), as `2023-11-13`.
pub fn read_date(text: &str) -> Option<String> {
    let t = text.trim().trim_matches('"');
    let parts: Vec<&str> = t.split(['/', '-', '.']).collect();
    let [d, m, y] = parts.as_slice() else {
        return None;
    };
    if !(all_digits(d) && all_digits(m) && all_digits(y)) || y.len() != 4 || d.len() > 2 {
        return None;
    }
    let iso = format!("{y}-{m:0>2}-{d:0>2}");
    iso.parse::<jiff::civil::Date>().ok().map(|_| iso)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(text: &str) -> Option<(String, Mistake)> {
        read_number(text).map(|r| (r.text, r.mistake))
    }

    #[test]
    fn readings() {
        assert_eq!(r("25.300"), Some(("25300".into(), Mistake::ThousandsDots)));
        assert_eq!(
            r("\"25.300\""),
            Some(("25300".into(), Mistake::ThousandsDots))
        );
        assert_eq!(
            r("600.000.000"),
            Some(("600000000".into(), Mistake::ThousandsDots))
        );
        assert_eq!(
            r("17 980"),
            Some(("17980".into(), Mistake::ThousandsSpaces))
        );
        assert_eq!(
            r("17980,5"),
            Some(("17980.5".into(), Mistake::DecimalComma))
        );
        assert_eq!(
            r("1.234,5"),
            Some(("1234.5".into(), Mistake::ThousandsDots))
        );
        assert_eq!(
            r("150 giường"),
            Some(("150".into(), Mistake::Unit("giường".into())))
        );
        assert_eq!(
            r("17980 m2"),
            Some(("17980".into(), Mistake::Unit("m2".into())))
        );
        assert_eq!(r("\"25300\""), Some(("25300".into(), Mistake::Quoted)));
        // plain numbers and text are not mistakes
        assert_eq!(r("25300"), None);
        assert_eq!(r("25.3"), None);
        assert_eq!(r("hai mươi"), None);
        assert_eq!(r("12.34.5"), None);
        assert_eq!(spaced(Dec::from_int(25300)), "25 300");
        assert_eq!(spaced(Dec::from_int(1_000_000)), "1 000 000");
        assert_eq!(spaced(Dec::from_int(150)), "150");
        assert_eq!(read_date("13/11/2023"), Some("2023-11-13".into()));
        assert_eq!(read_date("1/2/2024"), Some("2024-02-01".into()));
        assert_eq!(read_date("31/02/2024"), None);
        assert_eq!(read_date("2023-11-13"), None);
    }
}
