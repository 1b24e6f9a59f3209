//! A format-neutral document tree with spans, built from TOML or YAML.
//!
//! The school loader walks this tree instead of deserializing into fixed structs, because the
//! keys under `[facts]` are declared by the criteria set (data), and because walking lets it
//! report every problem of a file in one run rather than stopping at the first.

use std::borrow::Cow;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::diag::{Diagnostic, Source, Span};
use crate::diag::{Found, Msg};

pub mod plain_toml;

/// A value of a file, with its span. Keys and strings borrow from the file's text where the
/// parser could (`'a`); a workbook's cells and YAML are owned (`Node<'static>`).
#[derive(Clone, Debug, PartialEq)]
pub struct Node<'a> {
    pub kind: NodeKind<'a>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum NodeKind<'a> {
    Null,
    Bool(bool),
    Int(i64),
    /// A float, with its text as written when known (TOML), so decimals stay exact.
    Float(f64, Option<String>),
    Str(Cow<'a, str>),
    /// A TOML date (YAML dates arrive as strings).
    Date(String),
    Array(Vec<Node<'a>>),
    Table(Vec<Entry<'a>>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Entry<'a> {
    pub key: Cow<'a, str>,
    pub key_span: Span,
    pub value: Node<'a>,
}

impl<'a> Node<'a> {
    /// The name of this node's type, for "expected X, found Y" messages.
    pub fn type_key(&self) -> &'static str {
        match self.kind {
            NodeKind::Null => "null",
            NodeKind::Bool(_) => "bool",
            NodeKind::Int(_) => "integer",
            NodeKind::Float(..) => "decimal",
            NodeKind::Str(_) => "string",
            NodeKind::Date(_) => "date",
            NodeKind::Array(_) => "array",
            NodeKind::Table(_) => "table",
        }
    }

    /// What the value is, for "expected X, found Y": the value as written, or its type.
    pub fn found(&self) -> Found {
        match &self.kind {
            NodeKind::Bool(_)
            | NodeKind::Int(_)
            | NodeKind::Float(..)
            | NodeKind::Str(_)
            | NodeKind::Date(_) => Found::Value(self.describe()),
            _ => Found::Type(self.type_key()),
        }
    }

    /// The value as written, cut to a readable length (a table or list shows its type key).
    pub fn describe(&self) -> String {
        let text = match &self.kind {
            NodeKind::Bool(b) => b.to_string(),
            NodeKind::Int(i) => i.to_string(),
            NodeKind::Float(f, raw) => raw.clone().unwrap_or_else(|| f.to_string()),
            NodeKind::Str(s) => format!("\"{s}\""),
            NodeKind::Date(d) => d.clone(),
            _ => self.type_key().to_string(),
        };
        crate::diag::shorten(&text)
    }

    /// The same tree, owning its text (to outlive the file's text).
    pub fn into_owned(self) -> Node<'static> {
        let kind = match self.kind {
            NodeKind::Null => NodeKind::Null,
            NodeKind::Bool(b) => NodeKind::Bool(b),
            NodeKind::Int(i) => NodeKind::Int(i),
            NodeKind::Float(f, raw) => NodeKind::Float(f, raw),
            NodeKind::Str(s) => NodeKind::Str(Cow::Owned(s.into_owned())),
            NodeKind::Date(d) => NodeKind::Date(d),
            NodeKind::Array(items) => {
                NodeKind::Array(items.into_iter().map(Node::into_owned).collect())
            }
            NodeKind::Table(entries) => NodeKind::Table(
                entries
                    .into_iter()
                    .map(|e| Entry {
                        key: Cow::Owned(e.key.into_owned()),
                        key_span: e.key_span,
                        value: e.value.into_owned(),
                    })
                    .collect(),
            ),
        };
        Node {
            kind,
            span: self.span,
        }
    }

    pub fn as_table(&self) -> Option<&[Entry<'a>]> {
        match &self.kind {
            NodeKind::Table(t) => Some(t),
            _ => None,
        }
    }
}

/// Which syntax a file uses, from its extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Toml,
    Yaml,
}

impl Format {
    pub fn from_path(path: &str) -> Option<Format> {
        let lower = path.to_ascii_lowercase();
        if lower.ends_with(".toml") {
            Some(Format::Toml)
        } else if lower.ends_with(".yaml") || lower.ends_with(".yml") {
            Some(Format::Yaml)
        } else {
            None
        }
    }
}

/// A syntax error on a `key = value` line whose value a person wrote the Vietnamese way (a
/// number with dots between thousands, a unit, a day/month/year date, an unquoted word): the
/// key's path and a message saying what to write.
fn explain_toml_line(text: &str, at: usize) -> Option<(String, Msg)> {
    let start = text[..at.min(text.len())].rfind('\n').map_or(0, |i| i + 1);
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let line = text[start..end].trim_end_matches('\r');
    let (key, value) = line.split_once('=')?;
    let key = key.trim();
    if key.is_empty()
        || !key
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
    {
        return None;
    }
    // a comment after the value is not part of it
    let value = value.split(" #").next().unwrap_or(value).trim();
    // the table the line sits in, for the key's full path
    let table = text[..start]
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| l.starts_with('[') && l.ends_with(']'))
        .map(|l| l.trim_matches(|c| c == '[' || c == ']').trim().to_string());
    let path = match table {
        Some(t) if !t.is_empty() => format!("{t}.{key}"),
        _ => key.to_string(),
    };
    let msg = if let Some(iso) = crate::hints::read_date(value) {
        Msg::SyntaxDate {
            key: key.into(),
            written: value.into(),
            iso,
        }
    } else if let Some(r) = crate::hints::read_number(value) {
        Msg::SyntaxNumber {
            key: key.into(),
            written: value.into(),
            hint: r,
        }
    } else if let Some(b) = crate::hints::read_bool(value) {
        Msg::SyntaxBool {
            key: key.into(),
            written: value.into(),
            value: b,
        }
    } else if value.starts_with(char::is_alphabetic) && !value.contains(['"', '\'', '[', '{']) {
        Msg::SyntaxText {
            key: key.into(),
            written: value.into(),
        }
    } else {
        return None;
    };
    Some((path, msg))
}

/// Parses a whole document. On a syntax error, returns one diagnostic at its position.
pub fn parse(source: &Source, format: Format) -> Result<Node<'_>, Box<Diagnostic>> {
    match format {
        Format::Toml => parse_toml(source),
        Format::Yaml => parse_yaml(source),
    }
}

/// Plain TOML (what school files hold) is read in one pass by [`plain_toml`]; anything else,
/// and every error, by `toml`.
fn parse_toml(source: &Source) -> Result<Node<'_>, Box<Diagnostic>> {
    match plain_toml::parse(&source.text) {
        Some(root) => Ok(root),
        None => parse_toml_full(source),
    }
}

/// `toml`'s reading of a document: what [`parse`] falls back on, public for the tests and the
/// fuzz target that hold [`plain_toml`] to it.
#[doc(hidden)]
pub fn parse_toml_full(source: &Source) -> Result<Node<'_>, Box<Diagnostic>> {
    match toml::de::DeTable::parse(&source.text) {
        Ok(table) => {
            let span = table.span();
            Ok(Node {
                kind: toml_table(table.into_inner()),
                span: Span::new(span.start, span.end),
            })
        }
        Err(err) => {
            let span = err.span().unwrap_or(0..0);
            let detail = err.message().trim().trim_end_matches('.').to_string();
            let (key, msg) = match explain_toml_line(&source.text, span.start) {
                Some((key, msg)) => (Some(key), msg),
                None => (None, Msg::TomlSyntax { detail }),
            };
            Err(Box::new(Diagnostic::at(
                source,
                Span::new(span.start, span.end),
                key.as_deref(),
                msg,
            )))
        }
    }
}

/// toml's own tree, taken apart: its keys and strings (borrowed from the text unless they
/// held escapes) move into ours, nothing is copied.
fn toml_table(table: toml::de::DeTable<'_>) -> NodeKind<'_> {
    NodeKind::Table(
        table
            .into_iter()
            .map(|(k, v)| {
                let ks = k.span();
                Entry {
                    key: k.into_inner(),
                    key_span: Span::new(ks.start, ks.end),
                    value: toml_node(v),
                }
            })
            .collect(),
    )
}

fn toml_node(v: toml::Spanned<toml::de::DeValue<'_>>) -> Node<'_> {
    use toml::de::DeValue;
    let s = v.span();
    let kind = match v.into_inner() {
        DeValue::String(s) => NodeKind::Str(s),
        DeValue::Integer(i) if i.radix() == 10 && !i.as_str().contains('_') => {
            match i.as_str().parse::<i64>() {
                Ok(n) => NodeKind::Int(n),
                Err(_) => NodeKind::Float(f64::NAN, Some(i.as_str().to_string())),
            }
        }
        DeValue::Integer(i) => {
            let text: String = i.as_str().chars().filter(|c| *c != '_').collect();
            match i64::from_str_radix(
                text.trim_start_matches("0x")
                    .trim_start_matches("0o")
                    .trim_start_matches("0b"),
                i.radix(),
            ) {
                Ok(n) => NodeKind::Int(n),
                Err(_) => NodeKind::Float(f64::NAN, Some(i.as_str().to_string())),
            }
        }
        DeValue::Float(f) => {
            let raw = f.as_str().replace('_', "");
            NodeKind::Float(raw.parse().unwrap_or(f64::NAN), Some(raw))
        }
        DeValue::Boolean(b) => NodeKind::Bool(b),
        DeValue::Datetime(d) => NodeKind::Date(d.to_string()),
        DeValue::Array(a) => NodeKind::Array(a.into_iter().map(toml_node).collect()),
        DeValue::Table(t) => toml_table(t),
    };
    Node {
        kind,
        span: Span::new(s.start, s.end),
    }
}

fn parse_yaml(source: &Source) -> Result<Node<'static>, Box<Diagnostic>> {
    if source.text.trim().is_empty() {
        return Ok(Node {
            kind: NodeKind::Table(Vec::new()),
            span: Span::default(),
        });
    }
    if let Some((at, tag)) = find_yaml_tag(&source.text) {
        return Err(Box::new(Diagnostic::at(
            source,
            Span::new(at, at + tag.len()),
            None,
            Msg::UnknownYamlTag {
                key: String::new(),
                tag: crate::diag::shorten(&tag),
            },
        )));
    }
    // YAML 1.2 booleans only (`true`/`false`), as editors' YAML servers read them: `yes`, `on`
    // or `y` stay text, and a yes/no fact written so is refused with a hint instead of guessed
    let mut options = serde_saphyr::Options::default();
    options.strict_booleans = true;
    match serde_saphyr::from_str_with_options::<YNode>(&source.text, options) {
        Ok(YNode(kind)) => {
            let mut node = Node {
                kind,
                span: Span::new(0, source.text.len()),
            };
            as_written(&mut node, &source.text);
            Ok(node)
        }
        Err(err) => {
            let span = err
                .location()
                .map(|loc| yaml_span(source, &loc))
                .unwrap_or_default();
            let text = err.to_string();
            let first = strip_location(text.lines().next().unwrap_or(""))
                .trim_end_matches('.')
                .to_string();
            Err(Box::new(Diagnostic::at(
                source,
                span,
                None,
                Msg::YamlSyntax { detail: first },
            )))
        }
    }
}

/// The first YAML tag (`!include`, `!!str`…) outside quotes and comments, with its offset.
/// chuan needs no tag, and a parser that drops an unknown one would read `!include
/// /etc/passwd` as that text: every tag is refused, where it stands.
fn find_yaml_tag(text: &str) -> Option<(usize, String)> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let mut quote: Option<char> = None;
        let mut prev = ' ';
        for (i, c) in line.char_indices() {
            match quote {
                Some(q) if c == q => quote = None,
                Some(_) => {}
                None => match c {
                    '"' | '\''
                        if prev.is_whitespace() || matches!(prev, ':' | '-' | '[' | '{' | ',') =>
                    {
                        quote = Some(c)
                    }
                    '#' if prev.is_whitespace() => break,
                    '!' if prev.is_whitespace() || matches!(prev, ':' | '-' | '[' | '{' | ',') => {
                        let tag: String = line[i..]
                            .chars()
                            .take_while(|c| !c.is_whitespace() && !matches!(c, ',' | ']' | '}'))
                            .collect();
                        return Some((offset + i, tag));
                    }
                    _ => {}
                },
            }
            prev = c;
        }
        offset += line.len();
    }
    None
}

/// Keys and decimals as the file writes them. YAML reads the plain key `2.10` as the float 2.1
/// (which would name indicator 2.1) and `25.300` as 25.3; the spans give back the text.
fn as_written(node: &mut Node, text: &str) {
    let written = |span: Span| -> Option<&str> {
        let t = text.get(span.start..span.end)?.trim();
        (!t.is_empty() && !t.starts_with(['"', '\''])).then_some(t)
    };
    match &mut node.kind {
        NodeKind::Table(entries) => {
            for e in entries {
                if let Some(k) = written(e.key_span)
                    && k != e.key
                    && k.parse::<f64>().is_ok()
                {
                    e.key = k.to_string().into();
                }
                as_written(&mut e.value, text);
            }
        }
        NodeKind::Array(items) => items.iter_mut().for_each(|n| as_written(n, text)),
        NodeKind::Float(f, raw @ None) => {
            if let Some(t) = written(node.span)
                && t.parse::<f64>().ok() == Some(*f)
            {
                *raw = Some(t.replace('_', ""));
            }
        }
        _ => {}
    }
}

/// serde-saphyr prefixes its message with `error: line N column M: `; the diagnostic shows the
/// position itself, so keep only the message.
fn strip_location(msg: &str) -> &str {
    let msg = msg.trim().strip_prefix("error:").unwrap_or(msg).trim();
    match msg
        .strip_prefix("line ")
        .and_then(|rest| rest.split_once(": "))
    {
        Some((pos, rest)) if pos.contains("column") => rest.trim(),
        _ => msg,
    }
}

fn yaml_span(source: &Source, loc: &serde_saphyr::Location) -> Span {
    let sp = loc.span();
    match (sp.byte_offset(), sp.byte_len()) {
        (Some(o), Some(l)) => Span::new(o as usize, (o + l) as usize),
        _ => {
            let start = source.offset_of(loc.line() as usize, loc.column() as usize);
            Span::new(start, start)
        }
    }
}

/// The YAML side: a `Deserialize` that keeps serde-saphyr's location of every key and value.
struct YNode(NodeKind<'static>);

struct YKey(String);

fn loc_span(loc: &serde_saphyr::Location) -> Span {
    let sp = loc.span();
    match (sp.byte_offset(), sp.byte_len()) {
        (Some(o), Some(l)) => Span::new(o as usize, (o + l) as usize),
        (Some(o), None) => Span::new(o as usize, o as usize),
        _ => Span::default(),
    }
}

impl<'de> Deserialize<'de> for YKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = YKey;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a scalar key")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<YKey, E> {
                Ok(YKey(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<YKey, E> {
                Ok(YKey(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<YKey, E> {
                Ok(YKey(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<YKey, E> {
                Ok(YKey(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<YKey, E> {
                Ok(YKey(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for YNode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = YNode;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("any YAML value")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<YNode, E> {
                Ok(YNode(NodeKind::Bool(v)))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<YNode, E> {
                Ok(YNode(NodeKind::Int(v)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<YNode, E> {
                Ok(YNode(match i64::try_from(v) {
                    Ok(i) => NodeKind::Int(i),
                    Err(_) => NodeKind::Float(v as f64, Some(v.to_string())),
                }))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<YNode, E> {
                Ok(YNode(NodeKind::Float(v, None)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<YNode, E> {
                Ok(YNode(NodeKind::Str(v.to_string().into())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<YNode, E> {
                Ok(YNode(NodeKind::Str(v.into())))
            }
            fn visit_unit<E: de::Error>(self) -> Result<YNode, E> {
                Ok(YNode(NodeKind::Null))
            }
            fn visit_none<E: de::Error>(self) -> Result<YNode, E> {
                Ok(YNode(NodeKind::Null))
            }
            fn visit_some<D2: Deserializer<'de>>(self, d: D2) -> Result<YNode, D2::Error> {
                YNode::deserialize(d)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<YNode, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element::<serde_saphyr::Spanned<YNode>>()? {
                    items.push(Node {
                        kind: item.value.0,
                        span: loc_span(&item.referenced),
                    });
                }
                Ok(YNode(NodeKind::Array(items)))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<YNode, A::Error> {
                let mut entries = Vec::new();
                while let Some(key) = map.next_key::<serde_saphyr::Spanned<YKey>>()? {
                    let value = map.next_value::<serde_saphyr::Spanned<YNode>>()?;
                    entries.push(Entry {
                        key: key.value.0.into(),
                        key_span: loc_span(&key.referenced),
                        value: Node {
                            kind: value.value.0,
                            span: loc_span(&value.referenced),
                        },
                    });
                }
                Ok(YNode(NodeKind::Table(entries)))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Keys and strings written plainly are borrowed from the file's text, not copied; those
    /// with escapes are decoded into owned text; `into_owned` keeps every value.
    #[test]
    fn a_toml_tree_borrows_what_it_can_from_the_text() {
        let source = Source::new(
            "x.toml",
            "[school]\nname = \"Lai Châu\"\n\"a\\u0062\" = \"q\\\"\"\n",
        );
        let root = parse(&source, Format::Toml).unwrap();
        let school = &root.as_table().unwrap()[0];
        assert!(matches!(school.key, Cow::Borrowed("school")));
        let [name, escaped] = school.value.as_table().unwrap() else {
            panic!("two keys");
        };
        assert!(matches!(name.key, Cow::Borrowed("name")));
        assert!(matches!(
            &name.value.kind,
            NodeKind::Str(Cow::Borrowed("Lai Châu"))
        ));
        assert_eq!(escaped.key, "ab");
        assert!(matches!(&escaped.value.kind, NodeKind::Str(s) if s == "q\""));
        let owned = root.clone().into_owned();
        assert_eq!(format!("{owned:?}"), format!("{root:?}"));
    }
}
