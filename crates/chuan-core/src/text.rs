//! Language and text: the reader's language, the few fixed words outside the report templates and
//! the diagnostics' own messages (`diag::Msg`), and Unicode normalisation of everything read.

use serde::Serialize;

/// The reader's language. Vietnamese first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Default, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Vi,
    En,
}

/// The Vietnamese or the English of a phrase: `tr!(lang, vi, en)`.
#[macro_export]
macro_rules! tr {
    ($lang:expr, $vi:expr, $en:expr $(,)?) => {
        match $lang {
            $crate::text::Lang::Vi => $vi,
            $crate::text::Lang::En => $en,
        }
    };
}
pub use tr;

/// Names for a library enum the command line offers as choices: `FromStr`, `name()` and
/// `NAMES`, so that the library needs no argument parser (the CLI builds its own from `NAMES`).
#[macro_export]
macro_rules! names {
    ($ty:ident { $($variant:ident = $name:literal),* $(,)? }) => {
        impl $ty {
            pub const NAMES: &'static [&'static str] = &[$($name),*];

            pub fn name(self) -> &'static str {
                match self {
                    $($ty::$variant => $name,)*
                }
            }
        }

        impl std::str::FromStr for $ty {
            type Err = String;

            fn from_str(s: &str) -> Result<Self, String> {
                match s {
                    $($name => Ok($ty::$variant),)*
                    _ => Err(format!("expected one of: {}", $ty::NAMES.join(", "))),
                }
            }
        }
    };
}
pub use names;

names! { Lang { Vi = "vi", En = "en" } }

/// Fixed words.
pub struct Words {
    pub error_word: &'static str,
    pub warning_word: &'static str,
    pub key_word: &'static str,
    pub help_word: &'static str,
}

const VI: Words = Words {
    error_word: "lỗi",
    warning_word: "cảnh báo",
    key_word: "khoá",
    help_word: "gợi ý",
};
const EN: Words = Words {
    error_word: "error",
    warning_word: "warning",
    key_word: "key",
    help_word: "help",
};

impl Lang {
    pub fn messages(self) -> &'static Words {
        tr!(self, &VI, &EN)
    }

    pub fn diagnostic_count(self, errors: usize, warnings: usize) -> String {
        tr!(
            self,
            format!("{errors} lỗi, {warnings} cảnh báo"),
            format!("{errors} error(s), {warnings} warning(s)")
        )
    }

    pub fn is_vi(self) -> bool {
        self == Lang::Vi
    }

    pub fn type_name(self, ty: &str) -> &'static str {
        match (self, ty) {
            (Lang::Vi, "bool") => "true/false",
            (Lang::Vi, "integer") => "số nguyên",
            (Lang::Vi, "decimal") => "một số",
            (Lang::Vi, "string") => "chuỗi ký tự",
            (Lang::Vi, "date") => "ngày (YYYY-MM-DD)",
            (Lang::Vi, "table") => "bảng",
            (Lang::Vi, "array") => "danh sách",
            (Lang::Vi, "series") => "bảng theo năm (năm = giá trị)",
            (Lang::Vi, "enum") => "một mã xếp loại",
            (Lang::Vi, "null") => "giá trị rỗng",
            (Lang::En, "bool") => "true/false",
            (Lang::En, "integer") => "a whole number",
            (Lang::En, "decimal") => "a number",
            (Lang::En, "string") => "a string",
            (Lang::En, "date") => "a date (YYYY-MM-DD)",
            (Lang::En, "table") => "a table",
            (Lang::En, "array") => "a list",
            (Lang::En, "series") => "a table by year (year = value)",
            (Lang::En, "enum") => "a rating code",
            (Lang::En, "null") => "an empty value",
            _ => "?",
        }
    }

    pub fn gate_level_failed(self, wanted: u8, got: u8) -> String {
        tr!(
            self,
            format!("cổng kiểm tra không đạt: yêu cầu chuẩn mức {wanted}, trường đạt mức {got}"),
            format!("gate failed: level {wanted} required, the school attains level {got}")
        )
    }

    pub fn gate_met_failed(self, wanted: usize, got: usize, total: usize, level: u8) -> String {
        tr!(
            self,
            format!(
                "cổng kiểm tra không đạt: yêu cầu ít nhất {wanted}/{total} chỉ tiêu đạt mức {level}, hiện có {got}"
            ),
            format!(
                "gate failed: at least {wanted}/{total} indicators met at level {level} required, {got} are"
            )
        )
    }
}

/// NFC form of a text read from a file: borrowed when [`is_nfc`] finds it already in NFC
/// (almost every file), so that neither a copy nor the normalisation is made.
pub fn nfc(text: &str) -> std::borrow::Cow<'_, str> {
    use unicode_normalization::UnicodeNormalization;
    if is_nfc(text) {
        std::borrow::Cow::Borrowed(text)
    } else {
        std::borrow::Cow::Owned(text.nfc().collect())
    }
}

/// Whether `text` is certainly in NFC already, without normalising it. ASCII, precomposed
/// Latin letters (every Vietnamese letter has one) and common punctuation are starters that
/// never compose with what precedes them, so only the stretches of other characters between
/// them need the quick check: a school file is mostly ASCII keys and precomposed names.
pub fn is_nfc(text: &str) -> bool {
    use unicode_normalization::{IsNormalized, is_nfc_quick};
    let mut at = 0;
    while let Some(skip) = first_non_ascii(&text.as_bytes()[at..]) {
        // `at` only ever moves by whole characters
        at += skip;
        let Some(c) = text[at..].chars().next() else {
            break;
        };
        if plain_starter(c) {
            at += c.len_utf8();
            continue;
        }
        // a stretch of other characters, up to the next ASCII or plain starter
        let end = text[at..]
            .find(|c: char| c.is_ascii() || plain_starter(c))
            .map_or(text.len(), |e| at + e);
        if is_nfc_quick(text[at..end].chars()) != IsNormalized::Yes {
            return false;
        }
        at = end;
    }
    true
}

/// Precomposed Latin letters, dashes and quotes: combining class 0 and NFC quick check "yes"
/// for every character of these ranges (a unit test checks each one).
fn plain_starter(c: char) -> bool {
    matches!(c, '\u{A0}'..='\u{24F}' | '\u{1E00}'..='\u{1EFF}' | '\u{2010}'..='\u{2027}')
}

/// The first byte at or above 0x80, looking at 16 bytes at a time (`is_ascii` tests words).
fn first_non_ascii(bytes: &[u8]) -> Option<usize> {
    let mut at = 0;
    while let Some(chunk) = bytes.get(at..at + 16)
        && chunk.is_ascii()
    {
        at += 16;
    }
    bytes[at..]
        .iter()
        .position(|b| !b.is_ascii())
        .map(|p| at + p)
}

/// Whether `c` could act on a terminal, a log or a layout instead of being read: C0 and C1
/// controls (ESC starts an escape sequence; CR and LF start a line that looks like chuan's
/// own) and the bidirectional overrides and isolates (which reorder what a reader sees). A tab
/// stays: it only indents.
fn is_active(c: char) -> bool {
    (c.is_control() && c != '\t')
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// `text` with every control and bidi character made visible, one column each: C0 controls as
/// their control pictures (ESC as `␛`, CR as `␍`, LF as `␊`), DEL as `␡`, C1 and bidi
/// controls as `�`. A name in a school file can then neither clear a terminal, open a
/// hyperlink, retitle a window nor fake a result line. Text without such characters is
/// returned as it is.
pub fn visible(text: &str) -> std::borrow::Cow<'_, str> {
    if !has_active(text.as_bytes()) {
        return std::borrow::Cow::Borrowed(text);
    }
    text.chars()
        .map(|c| match c {
            c if !is_active(c) => c,
            '\u{0}'..='\u{1f}' => control_picture(c),
            '\u{7f}' => '\u{2421}',
            _ => '\u{FFFD}',
        })
        .collect::<String>()
        .into()
}

/// Tests on eight bytes of text at once, read as a `u64` word: each answers non-zero when some
/// byte of the word matches. The answer is exact for the word; which byte it flags is not
/// (where one byte matches, the bytes after it may be flagged too).
pub mod word {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    const HIGH: u64 = ONES << 7;

    /// Some byte of `x` is below `n` (`n` at most 0x80).
    #[inline(always)]
    pub fn below(x: u64, n: u8) -> u64 {
        x.wrapping_sub(ONES * u64::from(n)) & !x & HIGH
    }

    /// Some byte of `x` is `b`.
    #[inline(always)]
    pub fn has(x: u64, b: u8) -> u64 {
        below(x ^ (ONES * u64::from(b)), 1)
    }
}

/// Whether UTF-8 `text` holds an [`is_active`] character, read eight bytes at a time: every
/// active character starts with a byte below 0x20, DEL, or C2 (C1 is C2 80–9F), D8 (U+061C is
/// D8 9C) or E2 (the bidi controls are E2 80 8E … E2 81 A9); a word holding none of these is
/// passed at once, and the few bytes that are (a dash, a `≥`, a Vietnamese `Â`) are told apart
/// from an active character by the bytes after them.
fn has_active(text: &[u8]) -> bool {
    use word::{below, has};
    let mut at = 0;
    while let Some(word) = text.get(at..at + 8) {
        let x = u64::from_ne_bytes(word.try_into().expect("eight bytes"));
        // a flag only sends the word to the exact test
        let flags = below(x, 0x20) | has(x, 0x7f) | has(x, 0xc2) | has(x, 0xd8) | has(x, 0xe2);
        if flags != 0 && (at..at + 8).any(|i| active_at(text, i)) {
            return true;
        }
        at += 8;
    }
    (at..text.len()).any(|i| active_at(text, i))
}

/// Whether an active character starts at byte `i` of UTF-8 `text`.
fn active_at(text: &[u8], i: usize) -> bool {
    let next = |k: usize| text.get(i + k).copied().unwrap_or(0);
    match text[i] {
        b'\t' => false,
        0..0x20 | 0x7f => true,
        0xc2 => matches!(next(1), 0x80..=0x9f),
        0xd8 => next(1) == 0x9c,
        0xe2 => match (next(1), next(2)) {
            (0x80, b) => matches!(b, 0x8e | 0x8f | 0xaa..=0xae),
            (0x81, b) => matches!(b, 0xa6..=0xa9),
            _ => false,
        },
        _ => false,
    }
}

/// The visible symbol of a C0 control character (U+2400 + its code: `␀` … `␟`).
pub fn control_picture(c: char) -> char {
    char::from_u32(0x2400 + c as u32).unwrap_or('\u{FFFD}')
}

/// User text for Markdown: line breaks (LF, CR, both) become `<br>`, so a value cannot end a
/// table or start a heading; `|` cannot end a cell; `[`, `]` and HTML are escaped,
/// so a school name cannot bring a link or a remote image (`[x](u)`, `![x](u)`, `<img>`).
pub fn markdown_text(text: &str) -> String {
    let one = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = String::with_capacity(one.len());
    for c in one.chars() {
        match c {
            '\n' => out.push_str("<br>"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '|' | '[' | ']' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The byte pre-scan lets no active character through: every character up to U+FFFF (and
    /// a few beyond) is changed by `visible` exactly when it is active.
    #[test]
    fn visible_changes_exactly_the_active_characters() {
        for c in (0..=0xffffu32)
            .chain([0x1f600, 0xe0001, 0x10ffff])
            .filter_map(char::from_u32)
        {
            // at every place in an eight-byte word, and across two words
            for pad in [0, 5, 6, 7, 13] {
                let text = format!("{}{c}b", "a".repeat(pad + 1));
                let changed = visible(&text) != text;
                assert_eq!(changed, is_active(c), "U+{:04X} after {pad}", c as u32);
            }
        }
    }

    #[test]
    fn plain_starters_are_nfc_starters() {
        use unicode_normalization::char::canonical_combining_class;
        use unicode_normalization::{IsNormalized, is_nfc_quick};
        for c in (0..=0x10FFFF)
            .filter_map(char::from_u32)
            .filter(|c| plain_starter(*c))
        {
            assert_eq!(canonical_combining_class(c), 0, "{c:?}");
            assert_eq!(is_nfc_quick(std::iter::once(c)), IsNormalized::Yes, "{c:?}");
        }
    }

    #[test]
    fn is_nfc_skips_ascii_but_catches_decomposed_text() {
        use unicode_normalization::UnicodeNormalization;
        let nfd = "Trường Chính trị tỉnh Lai Châu".nfd().collect::<String>();
        // (text, what the quick check says, whether it is NFC): "maybe" counts as no
        for (text, quick, normal) in [
            ("", true, true),
            ("facts.lecturers = 35", true, true),
            ("name = \"Trường Chính trị tỉnh Lai Châu\"", true, true),
            ("e\u{301}", false, false),
            ("Đê\u{301}", false, false),
            ("“Trường” – ấp", true, true),
            ("x = \"Hồ Chí Minh\" # e\u{301}", false, false),
            ("a\u{323}\u{302}", false, false),
            ("\u{301}", false, true),
            ("\u{1100}\u{1161}", false, false),
            (nfd.as_str(), false, false),
        ] {
            assert_eq!(is_nfc(text), quick, "{text:?}");
            assert_eq!(nfc(text) == text, normal, "{text:?}");
        }
    }

    #[test]
    fn controls_and_bidi_become_visible() {
        assert_eq!(visible("Lai Châu"), "Lai Châu");
        assert_eq!(visible("a\x1b]8;;http://x\x1b\\b"), "a␛]8;;http://x␛\\b");
        assert_eq!(visible("Tên\rKẾT QUẢ: 55/55"), "Tên␍KẾT QUẢ: 55/55");
        assert_eq!(visible("x\u{202E}y\u{0085}z"), "x�y�z");
        assert_eq!(visible("a\nb\tc"), "a␊b\tc");
    }

    #[test]
    fn markdown_text_stays_text() {
        assert_eq!(
            markdown_text("A\r# H\n![x](http://e/i.png) [l](u) a|b (c)"),
            "A<br># H<br>!\\[x\\](http://e/i.png) \\[l\\](u) a\\|b (c)"
        );
    }
}
