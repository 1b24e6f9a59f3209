//! The envelope of every JSON output and the JSON Schema of a body type. Each command's body type
//! lives beside the code that fills it (render.rs: check, roadmap, whatif; board.rs: compare,
//! diff, trend; validate.rs; catalog.rs: list) and implements [`Output`]; catalog.rs lists them
//! for `chuan schema --output COMMAND` and the committed `schema/<command>.output.schema.json`.

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::Serialize;

/// Version of the check, compare, diff, trend, whatif, list and validate shapes; bumped only on
/// incompatible change.
pub const JSON_FORMAT_VERSION: u32 = 1;
/// Version of the roadmap's JSON shape: 2 since `after` became the file with the published
/// targets applied (judged on its dossier date) and the finish-date check moved to `verified`.
pub const ROADMAP_FORMAT_VERSION: u32 = 2;

/// The one envelope of every JSON output: `{"format": "chuan.<command>", "format_version": N,
/// …body}`.
#[derive(Serialize, JsonSchema)]
struct Envelope<'a, T: ?Sized> {
    /// `chuan.<command>`: which shape this is.
    format: &'static str,
    /// Bumped only on an incompatible change of the shape.
    format_version: u32,
    #[serde(flatten)]
    body: &'a T,
}

/// One command's JSON output: its name, its envelope and the type of its body.
pub trait Output: Serialize + JsonSchema {
    /// The command, as in `chuan <command>` and `schema/<command>.output.schema.json`.
    const COMMAND: &'static str;
    /// `chuan.<command>`, the envelope's `format`.
    const FORMAT: &'static str;
    const VERSION: u32 = JSON_FORMAT_VERSION;

    /// The body in its envelope, pretty-printed, with a final newline.
    fn to_json(&self) -> String {
        let mut out = Vec::new();
        self.write_json(&mut out)
            .expect("the report types always serialize into memory");
        String::from_utf8(out).expect("serde_json writes UTF-8")
    }

    /// The same, written as it is serialized (a board of thousands of schools is never held
    /// in memory as text).
    fn write_json(&self, w: impl std::io::Write) -> std::io::Result<()> {
        use std::io::Write as _;
        let e = Envelope {
            format: Self::FORMAT,
            format_version: Self::VERSION,
            body: self,
        };
        // serde_json writes token by token: a buffer of its own keeps those writes inlined
        // whatever `w` is (a `dyn Write` costs a call per token)
        let mut w = std::io::BufWriter::with_capacity(1 << 16, w);
        e.serialize(&mut serde_json::Serializer::with_formatter(
            &mut w,
            Pretty::default(),
        ))?;
        w.write_all(b"\n")?;
        w.flush()
    }
}

/// serde_json's pretty printer, two spaces an indent, byte for byte, except that a new line and
/// its indentation are one write (serde_json's own writes the indent a level at a time: a
/// report of 55 indicators is 5 000 lines, mostly four to six levels deep).
#[derive(Default)]
struct Pretty {
    depth: usize,
    has_value: bool,
}

/// `,` then a new line and the spaces of 64 levels.
static NEW_LINE: [u8; 2 + 128] = {
    let mut line = [b' '; 2 + 128];
    line[0] = b',';
    line[1] = b'\n';
    line
};

impl Pretty {
    /// A new line indented to the current depth, after a comma unless `first`.
    fn new_line<W: ?Sized + std::io::Write>(&self, w: &mut W, first: bool) -> std::io::Result<()> {
        let from = usize::from(first);
        match NEW_LINE.get(from..2 + 2 * self.depth) {
            Some(line) => w.write_all(line),
            None => {
                w.write_all(&NEW_LINE[from..])?;
                (64..self.depth).try_for_each(|_| w.write_all(b"  "))
            }
        }
    }

    /// `[` or `{`: one level deeper, nothing in it yet.
    fn open<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        bracket: &[u8],
    ) -> std::io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(bracket)
    }

    /// `]` or `}`: on a line of its own unless the array or object is empty.
    fn close<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        bracket: &[u8],
    ) -> std::io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            self.new_line(w, true)?;
        }
        w.write_all(bracket)
    }
}

/// Arrays and objects are laid out alike: each element or key on a line of its own.
impl serde_json::ser::Formatter for Pretty {
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"[")
    }

    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"]")
    }

    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.new_line(w, first)
    }

    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"{")
    }

    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"}")
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.new_line(w, first)
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.end_array_value(w)
    }
}

/// The file name of a command's output schema in `schema/`.
pub fn file_name(command: &str) -> String {
    format!("{command}.output.schema.json")
}

/// The JSON Schema (draft 2020-12) of one command's output: its envelope and body.
pub fn schema_of<T: Output + 'static>() -> serde_json::Value {
    let root: Schema = SchemaGenerator::default().into_root_schema_for::<Envelope<'static, T>>();
    let mut v = root.to_value();
    let obj = v
        .as_object_mut()
        .expect("an envelope's schema is an object");
    obj.insert("$id".into(), file_name(T::COMMAND).into());
    obj.insert(
        "description".into(),
        format!(
            "What `chuan {} --format json` prints: the envelope (format, format_version) and the body.",
            T::COMMAND
        )
        .into(),
    );
    obj.insert(
        "title".into(),
        format!("chuan {} --format json", T::COMMAND).into(),
    );
    let props = obj
        .get_mut("properties")
        .and_then(|p| p.as_object_mut())
        .expect("the envelope has properties");
    props.insert("format".into(), serde_json::json!({ "const": T::FORMAT }));
    props.insert(
        "format_version".into(),
        serde_json::json!({ "const": T::VERSION }),
    );
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every shape serde_json's pretty printer handles, nested past the 64 levels of the one-write
    /// indent: the same bytes.
    #[test]
    fn pretty_writes_what_serde_json_writes() {
        fn same(v: &impl Serialize) {
            let mut ours = Vec::new();
            v.serialize(&mut serde_json::Serializer::with_formatter(
                &mut ours,
                Pretty::default(),
            ))
            .unwrap();
            let theirs = serde_json::to_vec_pretty(v).unwrap();
            assert_eq!(
                String::from_utf8(ours).unwrap(),
                String::from_utf8(theirs).unwrap()
            );
        }
        let mut deep = serde_json::json!({"leaf": [1, "b", null]});
        for i in 0..70 {
            deep = if i % 2 == 0 {
                serde_json::json!({ "k": deep, "empty": {}, "none": [] })
            } else {
                serde_json::json!([deep, 2.5, true, {"x": "Lai Châu \"q\"\n"}])
            };
        }
        for v in [
            serde_json::json!({}),
            serde_json::json!([]),
            serde_json::json!("text"),
            serde_json::json!({"a": [], "b": {}, "c": [{}], "d": [[1, 2], {"e": null}]}),
            serde_json::json!({"k\"ey\n\u{1}": {"": "Châu"}}),
            deep,
        ] {
            same(&v);
        }
        // map keys that are numbers or booleans are written as strings
        let keyed: std::collections::BTreeMap<i32, Vec<std::collections::BTreeMap<bool, u8>>> =
            [(2021, vec![[(true, 1)].into()]), (-3, vec![])].into();
        same(&keyed);
    }
}
