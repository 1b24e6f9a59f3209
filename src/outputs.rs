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
        String::from_utf8(out).expect("the JSON writer writes UTF-8")
    }

    /// The same, written as it is serialized (a board of thousands of schools is never held
    /// in memory as text).
    fn write_json(&self, mut w: impl std::io::Write) -> std::io::Result<()> {
        let e = Envelope {
            format: Self::FORMAT,
            format_version: Self::VERSION,
            body: self,
        };
        crate::json::to_writer_pretty(&mut w, &e)?;
        w.write_all(b"\n")?;
        w.flush()
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
