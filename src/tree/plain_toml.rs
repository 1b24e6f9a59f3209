//! A one-pass reader for the plain TOML that school files are written in, straight into
//! [`Node`]s.
//!
//! `toml` builds a token list, an event list and a hashed, spanned table before chuan walks
//! it: most of a `check`'s parsing time, for a file of a few kilobytes. This reader covers the
//! part of TOML that people and `chuan`'s own writers use: comments, `[table]` and
//! `[[array.of.tables]]` headers, bare and quoted keys, basic and literal strings, decimal
//! integers and floats, booleans, local dates, arrays and one-line inline tables.
//!
//! It never decides that a file is wrong. Whatever it does not cover, and every error, makes
//! it answer `None`, and the file goes to `toml`, whose messages the diagnostics are built on:
//! dotted keys on the left of `=`, multi-line strings, hexadecimal or `_`-grouped numbers,
//! times and offset datetimes, `inf`/`nan`, a table defined twice or after its sub-tables, a
//! duplicate key, a control character. Where it answers, the tree is the one `toml` gives, spans
//! included; a test and the `school_toml` fuzz target hold the two readers to that.

use std::borrow::Cow;

use super::{Entry, Node, NodeKind};
use crate::diag::Span;

/// The tree of a document in the covered part of TOML, or `None` for `toml` to read it.
pub fn parse(text: &str) -> Option<Node<'_>> {
    let mut r = Reader {
        s: text.as_bytes(),
        text,
        at: 0,
    };
    let mut root = Table::new(Span::new(0, 0));
    // the table that `key = value` lines go into: slot indices from the root, an array of
    // tables standing for its last element
    let mut path: Vec<usize> = Vec::new();
    loop {
        r.blanks();
        match r.peek() {
            None => break,
            Some(b'[') => path = r.header(&mut root)?,
            Some(_) => {
                let (key, key_span) = r.key()?;
                r.spaces();
                r.eat(b'=')?;
                r.spaces();
                let value = r.value(0)?;
                // a key written twice is found at the end, all at once
                root.at(&path)?.slots.push(Slot {
                    key,
                    key_span,
                    item: Item::Value(value),
                });
            }
        }
        r.line_end()?;
    }
    root.into_node()
}

/// A table being built.
struct Table<'a> {
    slots: Vec<Slot<'a>>,
    span: Span,
}

struct Slot<'a> {
    key: Cow<'a, str>,
    key_span: Span,
    item: Item<'a>,
}

enum Item<'a> {
    /// A value written after `=`: final, no header may add to it.
    Value(Node<'a>),
    /// A table opened by a header, or implied by one (`[a.b]` implies `a`; defining `a` after
    /// that, which TOML allows once, is left to `toml`).
    Table(Table<'a>),
    /// An array of tables, one per `[[…]]` header, with the first header's span.
    Tables(Vec<Table<'a>>, Span),
}

impl<'a> Table<'a> {
    fn new(span: Span) -> Table<'a> {
        Table {
            slots: Vec::new(),
            span,
        }
    }

    fn find(&self, key: &str) -> Option<usize> {
        self.slots.iter().position(|s| s.key == key)
    }

    /// The table a path of slot indices leads to.
    fn at(&mut self, path: &[usize]) -> Option<&mut Table<'a>> {
        let mut t = self;
        for &i in path {
            t = t.slots.get_mut(i)?.item.table()?;
        }
        Some(t)
    }

    /// The table as a node; `None` if a key is in it twice.
    fn into_node(self) -> Option<Node<'a>> {
        if !unique(&self.slots, |s| &s.key) {
            return None;
        }
        let mut entries = Vec::with_capacity(self.slots.len());
        for s in self.slots {
            let value = match s.item {
                Item::Value(v) => v,
                Item::Table(t) => t.into_node()?,
                Item::Tables(ts, span) => Node {
                    kind: NodeKind::Array(
                        ts.into_iter()
                            .map(Table::into_node)
                            .collect::<Option<_>>()?,
                    ),
                    span,
                },
            };
            entries.push(Entry {
                key: s.key,
                key_span: s.key_span,
                value,
            });
        }
        Some(Node {
            kind: NodeKind::Table(entries),
            span: self.span,
        })
    }
}

impl<'a> Item<'a> {
    /// The table a header's key leads into: a table, or an array of tables' last element.
    fn table(&mut self) -> Option<&mut Table<'a>> {
        match self {
            Item::Table(t) => Some(t),
            Item::Tables(ts, _) => ts.last_mut(),
            Item::Value(_) => None,
        }
    }
}

/// Whether no key comes twice: pairs compared for a few keys, sorted for more (a school's
/// `[facts]` has a hundred).
fn unique<T>(items: &[T], key: impl Fn(&T) -> &str) -> bool {
    if items.len() <= 8 {
        return (1..items.len()).all(|i| items[..i].iter().all(|a| key(a) != key(&items[i])));
    }
    let mut keys: Vec<&str> = items.iter().map(key).collect();
    keys.sort_unstable();
    keys.windows(2).all(|w| w[0] != w[1])
}

/// The bytes of a bare key: `A-Z a-z 0-9 _ -`.
static BARE: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = c.is_ascii_alphanumeric() || c == b'_' || c == b'-';
        b += 1;
    }
    t
};

/// Arrays and inline tables nested deeper than this go to `toml`.
const MAX_DEPTH: usize = 64;

struct Reader<'a> {
    s: &'a [u8],
    text: &'a str,
    at: usize,
}

impl<'a> Reader<'a> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.at).copied()
    }

    fn eat(&mut self, b: u8) -> Option<()> {
        (self.peek() == Some(b)).then(|| self.at += 1)
    }

    fn spaces(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.at += 1;
        }
    }

    /// A comment, from `#` to the end of its line (not included); any control character but a
    /// tab in it is for `toml` to judge.
    fn comment(&mut self) -> Option<()> {
        if self.peek() != Some(b'#') {
            return Some(());
        }
        let rest = &self.s[self.at..];
        let len = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
        let body = &rest[..len];
        let body = body.strip_suffix(b"\r").unwrap_or(body);
        // no early exit: the loop runs a word at a time
        let control = body
            .iter()
            .fold(false, |c, &b| c | ((b < 0x20) & (b != b'\t')) | (b == 0x7f));
        if control {
            return None;
        }
        self.at += body.len();
        Some(())
    }

    fn newline(&mut self) -> bool {
        match self.peek() {
            Some(b'\n') => self.at += 1,
            Some(b'\r') if self.s.get(self.at + 1) == Some(&b'\n') => self.at += 2,
            _ => return false,
        }
        true
    }

    /// Blank lines and comment lines before the next item.
    fn blanks(&mut self) {
        loop {
            let start = self.at;
            self.spaces();
            if self.comment().is_none() {
                // a comment `toml` must judge: leave it where the item would start, which
                // no item can start with, so the caller gives up
                self.at = start;
                return;
            }
            if !self.newline() {
                return;
            }
        }
    }

    /// What may follow an item on its line: spaces, a comment, then the line's end.
    fn line_end(&mut self) -> Option<()> {
        self.spaces();
        self.comment()?;
        (self.newline() || self.at == self.s.len()).then_some(())
    }

    /// Spaces, newlines and comments inside an array.
    fn array_blanks(&mut self) -> Option<()> {
        loop {
            self.spaces();
            self.comment()?;
            if !self.newline() {
                return Some(());
            }
        }
    }

    /// `[a.b]` or `[[a.b]]`: opens its table and returns the path to it.
    fn header(&mut self, root: &mut Table<'a>) -> Option<Vec<usize>> {
        let start = self.at;
        self.at += 1;
        let array = self.eat(b'[').is_some();
        let mut keys = Vec::with_capacity(4);
        loop {
            self.spaces();
            keys.push(self.key()?);
            self.spaces();
            if self.eat(b'.').is_none() {
                break;
            }
        }
        self.eat(b']')?;
        if array {
            self.eat(b']')?;
        }
        let span = Span::new(start, self.at);
        let mut path = Vec::with_capacity(keys.len());
        let (last, parents) = keys.split_last_mut()?;
        let mut table = root;
        for (key, key_span) in parents {
            let i = match table.find(key) {
                Some(i) => i,
                None => {
                    table.slots.push(Slot {
                        key: std::mem::take(key),
                        key_span: *key_span,
                        item: Item::Table(Table::new(*key_span)),
                    });
                    table.slots.len() - 1
                }
            };
            path.push(i);
            table = table.slots[i].item.table()?;
        }
        let (key, key_span) = (std::mem::take(&mut last.0), last.1);
        let i = match (table.find(&key), array) {
            (None, _) => {
                let item = if array {
                    Item::Tables(vec![Table::new(span)], span)
                } else {
                    Item::Table(Table::new(span))
                };
                table.slots.push(Slot {
                    key,
                    key_span,
                    item,
                });
                table.slots.len() - 1
            }
            (Some(i), true) => match &mut table.slots[i].item {
                Item::Tables(ts, _) => {
                    ts.push(Table::new(span));
                    i
                }
                _ => return None,
            },
            // defined twice, over a value, or after its sub-tables implied it
            (Some(_), false) => return None,
        };
        path.push(i);
        Some(path)
    }

    /// A bare or quoted key, with its span (quotes included).
    fn key(&mut self) -> Option<(Cow<'a, str>, Span)> {
        let start = self.at;
        let key = match self.peek()? {
            b'"' => self.basic_string()?,
            b'\'' => self.literal_string()?,
            _ => {
                let len = self.s[start..]
                    .iter()
                    .position(|&b| !BARE[usize::from(b)])
                    .unwrap_or(self.s.len() - start);
                if len == 0 {
                    return None;
                }
                self.at += len;
                Cow::Borrowed(&self.text[start..self.at])
            }
        };
        Some((key, Span::new(start, self.at)))
    }

    /// A value, at nesting `depth`.
    fn value(&mut self, depth: usize) -> Option<Node<'a>> {
        let start = self.at;
        let kind = match self.peek()? {
            b'"' => NodeKind::Str(self.basic_string()?),
            b'\'' => NodeKind::Str(self.literal_string()?),
            b'[' if depth < MAX_DEPTH => self.array(depth)?,
            b'{' if depth < MAX_DEPTH => self.inline_table(depth)?,
            b't' => self.word("true", NodeKind::Bool(true))?,
            b'f' => self.word("false", NodeKind::Bool(false))?,
            b'0'..=b'9' | b'+' | b'-' => self.number_or_date()?,
            _ => return None,
        };
        Some(Node {
            kind,
            span: Span::new(start, self.at),
        })
    }

    fn word(&mut self, word: &str, kind: NodeKind<'a>) -> Option<NodeKind<'a>> {
        if !self.s[self.at..].starts_with(word.as_bytes()) {
            return None;
        }
        self.at += word.len();
        self.delimited()?;
        Some(kind)
    }

    /// A scalar ends where a delimiter or the text does (`1x`, `true2` are for `toml`).
    fn delimited(&self) -> Option<()> {
        match self.peek() {
            None | Some(b' ' | b'\t' | b'\n' | b'\r' | b'#' | b',' | b']' | b'}') => Some(()),
            Some(_) => None,
        }
    }

    fn digits(&mut self) -> usize {
        let len = self.s[self.at..]
            .iter()
            .position(|b| !b.is_ascii_digit())
            .unwrap_or(self.s.len() - self.at);
        self.at += len;
        len
    }

    /// A decimal integer or float as TOML writes them without `_`, or a local date.
    fn number_or_date(&mut self) -> Option<NodeKind<'a>> {
        let start = self.at;
        let signed = matches!(self.peek(), Some(b'+' | b'-'));
        if signed {
            self.at += 1;
        }
        let int_start = self.at;
        let int_len = self.digits();
        if !signed && int_len == 4 && self.peek() == Some(b'-') {
            return self.date(start);
        }
        // no leading zeros (which also leaves 0x…, 0o…, 0b… to toml)
        if int_len == 0 || (int_len > 1 && self.s[int_start] == b'0') {
            return None;
        }
        let mut float = false;
        if self.eat(b'.').is_some() {
            float = true;
            if self.digits() == 0 {
                return None;
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            float = true;
            self.at += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            if self.digits() == 0 {
                return None;
            }
        }
        self.delimited()?;
        let text = &self.text[start..self.at];
        if float {
            Some(NodeKind::Float(
                text.parse().unwrap_or(f64::NAN),
                Some(text.to_string()),
            ))
        } else {
            // beyond i64, toml's reading decides
            text.parse().ok().map(NodeKind::Int)
        }
    }

    /// `YYYY-MM-DD`, a real day; a time after it (`T07:32:00`, ` 07:32`) is for `toml`.
    fn date(&mut self, start: usize) -> Option<NodeKind<'a>> {
        let s = self.s.get(start..start + 10)?;
        let num = |r: std::ops::Range<usize>| -> Option<u32> {
            s[r].iter().try_fold(0u32, |n, &b| {
                b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
            })
        };
        if s[4] != b'-' || s[7] != b'-' {
            return None;
        }
        let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        if !(1..=days).contains(&day) {
            return None;
        }
        self.at = start + 10;
        match self.peek() {
            Some(b'T' | b't') => return None,
            Some(b' ') if self.s.get(self.at + 1).is_some_and(u8::is_ascii_digit) => return None,
            _ => self.delimited()?,
        }
        Some(NodeKind::Date(self.text[start..self.at].to_string()))
    }

    /// `"…"`: borrowed from the text unless it holds escapes. `"""` is for `toml`.
    fn basic_string(&mut self) -> Option<Cow<'a, str>> {
        if self.s[self.at..].starts_with(b"\"\"\"") {
            return None;
        }
        self.at += 1;
        let start = self.at;
        let mut owned: Option<String> = None;
        let mut run = start;
        loop {
            let b = *self.s.get(self.at)?;
            match b {
                b'"' => break,
                b'\\' => {
                    let buf = owned.get_or_insert_with(String::new);
                    buf.push_str(&self.text[run..self.at]);
                    let c = self.escape()?;
                    buf.push(c);
                    run = self.at;
                }
                0x7f => return None,
                b if b < 0x20 && b != b'\t' => return None,
                _ => self.at += 1,
            }
        }
        let end = self.at;
        self.at += 1;
        Some(match owned {
            None => Cow::Borrowed(&self.text[start..end]),
            Some(mut buf) => {
                buf.push_str(&self.text[run..end]);
                Cow::Owned(buf)
            }
        })
    }

    /// One escape after its backslash; `\e` and `\xHH` (TOML 1.1) are left to `toml`.
    fn escape(&mut self) -> Option<char> {
        let b = *self.s.get(self.at + 1)?;
        self.at += 2;
        let hex = |me: &mut Self, n: usize| -> Option<char> {
            let digits = me.text.get(me.at..me.at + n)?;
            if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
                return None;
            }
            me.at += n;
            char::from_u32(u32::from_str_radix(digits, 16).ok()?)
        };
        match b {
            b'"' => Some('"'),
            b'\\' => Some('\\'),
            b'n' => Some('\n'),
            b't' => Some('\t'),
            b'r' => Some('\r'),
            b'b' => Some('\u{8}'),
            b'f' => Some('\u{c}'),
            b'u' => hex(self, 4),
            b'U' => hex(self, 8),
            _ => None,
        }
    }

    /// `'…'`, as written. `'''` is for `toml`.
    fn literal_string(&mut self) -> Option<Cow<'a, str>> {
        if self.s[self.at..].starts_with(b"'''") {
            return None;
        }
        self.at += 1;
        let start = self.at;
        loop {
            match *self.s.get(self.at)? {
                b'\'' => break,
                0x7f => return None,
                b if b < 0x20 && b != b'\t' => return None,
                _ => self.at += 1,
            }
        }
        let end = self.at;
        self.at += 1;
        Some(Cow::Borrowed(&self.text[start..end]))
    }

    /// `[v, v, …]`, over lines, with comments and a trailing comma.
    fn array(&mut self, depth: usize) -> Option<NodeKind<'a>> {
        self.at += 1;
        let mut items = Vec::new();
        loop {
            self.array_blanks()?;
            if self.eat(b']').is_some() {
                break;
            }
            items.push(self.value(depth + 1)?);
            self.array_blanks()?;
            if self.eat(b',').is_none() {
                self.eat(b']')?;
                break;
            }
        }
        Some(NodeKind::Array(items))
    }

    /// `{ k = v, … }` on one line, without a trailing comma (what TOML 1.1 adds is for `toml`).
    fn inline_table(&mut self, depth: usize) -> Option<NodeKind<'a>> {
        self.at += 1;
        let mut entries: Vec<Entry<'a>> = Vec::new();
        self.spaces();
        if self.eat(b'}').is_some() {
            return Some(NodeKind::Table(entries));
        }
        loop {
            self.spaces();
            let (key, key_span) = self.key()?;
            self.spaces();
            self.eat(b'=')?;
            self.spaces();
            let value = self.value(depth + 1)?;
            entries.push(Entry {
                key,
                key_span,
                value,
            });
            self.spaces();
            if self.eat(b',').is_none() {
                self.eat(b'}')?;
                return unique(&entries, |e| &e.key).then_some(NodeKind::Table(entries));
            }
        }
    }
}
