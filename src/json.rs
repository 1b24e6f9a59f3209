//! The pretty JSON writer of every JSON output: serde_json's pretty printer byte for byte (two
//! spaces an indent, `"key": value`, `[]` and `{}` when empty), written straight into one
//! buffer.
//!
//! A check's report is 80 KB: 5 000 lines, 3 000 keys. Through serde_json each key, quote, colon
//! and indent was a write of its own through its `Formatter` and a `BufWriter`; here they are
//! copies into one 16 KB buffer, and a string is scanned for what to escape eight bytes at a
//! time. The instructions are about the same (a third of a JSON check's either way), but the
//! check takes 4 % less time against the process-start floor and 28 fewer page faults (README,
//! eighth round). Floats are still written by serde_json (its shortest round-trip form), so the
//! two agree on every value; the tests compare them.

use std::io::Write;

use serde::ser::{self, Serialize};

/// Writes `value` pretty-printed into `w`, in pieces of about 16 KB (a board of thousands of
/// schools is never held whole in memory).
pub fn to_writer_pretty<W: Write, T: ?Sized + Serialize>(w: W, value: &T) -> std::io::Result<()> {
    let mut json = Json {
        out: Vec::with_capacity(FLUSH_AT + (FLUSH_AT >> 2)),
        w,
        depth: 0,
    };
    value.serialize(&mut json).map_err(|e| e.0)?;
    json.w.write_all(&json.out)
}

/// The buffer is handed to the writer once it holds this much, after a whole element. Each 4 KB
/// of buffer is a page fault the first time it is written: with 64 KB, a JSON check (80 KB)
/// took 11 more faults, and 4 % more time against the floor, than with 16 KB and four more
/// writes.
const FLUSH_AT: usize = 1 << 14;

struct Json<W> {
    out: Vec<u8>,
    w: W,
    /// How many arrays and objects the next value is inside.
    depth: usize,
}

/// A writer's error, or a `Serialize` implementation's own.
#[derive(Debug)]
pub struct Error(std::io::Error);

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        Error(std::io::Error::other(msg.to_string()))
    }
}

type Result<T = ()> = std::result::Result<T, Error>;

/// `,` then a new line and the spaces of 64 levels.
static NEW_LINE: [u8; 2 + 128] = {
    let mut line = [b' '; 2 + 128];
    line[0] = b',';
    line[1] = b'\n';
    line
};

const ONES: u64 = u64::from_ne_bytes([1; 8]);
const HIGH: u64 = ONES << 7;

/// Non-zero when a byte of `x` is zero (bytes after a zero may be flagged too).
fn has_zero(x: u64) -> u64 {
    x.wrapping_sub(ONES) & !x & HIGH
}

/// Whether serde_json escapes this byte: a quote, a backslash, a control below 0x20.
fn escaped(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\'
}

/// `text` as a JSON string, with serde_json's escapes: `\"`, `\\`, `\b \f \n \r \t`, other
/// controls as `\u00xx`; everything else, DEL and all of Unicode, as it is.
fn write_string(out: &mut Vec<u8>, text: &str) {
    let bytes = text.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    let mut start = 0;
    let mut at = 0;
    while let Some(word) = bytes.get(at..at + 8) {
        let x = u64::from_ne_bytes(word.try_into().expect("eight bytes"));
        let flags = x.wrapping_sub(ONES * 0x20) & !x & HIGH
            | has_zero(x ^ (ONES * u64::from(b'"')))
            | has_zero(x ^ (ONES * u64::from(b'\\')));
        if flags != 0 {
            for i in at..at + 8 {
                if escaped(bytes[i]) {
                    out.extend_from_slice(&bytes[start..i]);
                    escape(out, bytes[i]);
                    start = i + 1;
                }
            }
        }
        at += 8;
    }
    for i in at..bytes.len() {
        if escaped(bytes[i]) {
            out.extend_from_slice(&bytes[start..i]);
            escape(out, bytes[i]);
            start = i + 1;
        }
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}

fn escape(out: &mut Vec<u8>, b: u8) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    match b {
        b'"' => out.extend_from_slice(b"\\\""),
        b'\\' => out.extend_from_slice(b"\\\\"),
        0x08 => out.extend_from_slice(b"\\b"),
        0x0c => out.extend_from_slice(b"\\f"),
        b'\n' => out.extend_from_slice(b"\\n"),
        b'\r' => out.extend_from_slice(b"\\r"),
        b'\t' => out.extend_from_slice(b"\\t"),
        _ => out.extend_from_slice(&[
            b'\\',
            b'u',
            b'0',
            b'0',
            HEX[usize::from(b >> 4)],
            HEX[usize::from(b & 0xf)],
        ]),
    }
}

impl<W: Write> Json<W> {
    /// A new line indented to the current depth, after a comma unless `first`.
    fn new_line(&mut self, first: bool) {
        let from = usize::from(first);
        match NEW_LINE.get(from..2 + 2 * self.depth) {
            Some(line) => self.out.extend_from_slice(line),
            None => {
                self.out.extend_from_slice(&NEW_LINE[from..]);
                (64..self.depth).for_each(|_| self.out.extend_from_slice(b"  "));
            }
        }
    }

    /// `[` or `{`: one level deeper.
    fn open(&mut self, bracket: u8) -> Compound<'_, W> {
        self.depth += 1;
        self.out.push(bracket);
        Compound {
            json: self,
            first: true,
        }
    }

    /// An integer, as serde_json writes it (itoa).
    fn int(&mut self, n: impl itoa::Integer) {
        self.out
            .extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
    }

    /// A value serde_json writes its own way (a float: its shortest round-trip form, or `null`).
    fn by_serde_json(&mut self, v: &impl Serialize) -> Result {
        serde_json::to_writer(&mut self.out, v).map_err(|e| Error(e.into()))
    }

    /// Hands the buffer to the writer once it is full enough.
    fn flush_if_full(&mut self) -> Result {
        if self.out.len() >= FLUSH_AT {
            self.w.write_all(&self.out).map_err(Error)?;
            self.out.clear();
        }
        Ok(())
    }
}

/// An array or object being written: whether its next element is the first.
struct Compound<'a, W> {
    json: &'a mut Json<W>,
    first: bool,
}

impl<'a, W: Write> Compound<'a, W> {
    /// The new line before an element.
    fn element(&mut self) {
        self.json.new_line(self.first);
        self.first = false;
    }

    /// `"key": ` on its own line (a key serde_json would escape is escaped).
    fn key(&mut self, key: &str) {
        self.element();
        write_string(&mut self.json.out, key);
        self.json.out.extend_from_slice(b": ");
    }

    /// `]` or `}`: on a line of its own unless the array or object is empty.
    fn close(self, bracket: u8) -> Result {
        self.finish(bracket);
        Ok(())
    }

    /// [`Compound::close`], giving the writer back.
    fn finish(self, bracket: u8) -> &'a mut Json<W> {
        self.json.depth -= 1;
        if !self.first {
            self.json.new_line(true);
        }
        self.json.out.push(bracket);
        self.json
    }

    fn value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result {
        value.serialize(&mut *self.json)?;
        self.json.flush_if_full()
    }
}

impl<'a, W: Write> ser::Serializer for &'a mut Json<W> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'a, W>;
    type SerializeTuple = Compound<'a, W>;
    type SerializeTupleStruct = Compound<'a, W>;
    type SerializeTupleVariant = Variant<'a, W>;
    type SerializeMap = Compound<'a, W>;
    type SerializeStruct = Compound<'a, W>;
    type SerializeStructVariant = Variant<'a, W>;

    fn serialize_bool(self, v: bool) -> Result {
        self.out
            .extend_from_slice(if v { b"true" } else { b"false" });
        Ok(())
    }

    fn serialize_i8(self, v: i8) -> Result {
        self.int(v);
        Ok(())
    }

    fn serialize_i16(self, v: i16) -> Result {
        self.int(v);
        Ok(())
    }

    fn serialize_i32(self, v: i32) -> Result {
        self.int(v);
        Ok(())
    }

    fn serialize_i64(self, v: i64) -> Result {
        self.int(v);
        Ok(())
    }

    fn serialize_i128(self, v: i128) -> Result {
        self.int(v);
        Ok(())
    }

    fn serialize_u8(self, v: u8) -> Result {
        self.int(v);
        Ok(())
    }

    fn serialize_u16(self, v: u16) -> Result {
        self.int(v);
        Ok(())
    }

    fn serialize_u32(self, v: u32) -> Result {
        self.int(v);
        Ok(())
    }

    fn serialize_u64(self, v: u64) -> Result {
        self.int(v);
        Ok(())
    }

    fn serialize_u128(self, v: u128) -> Result {
        self.int(v);
        Ok(())
    }

    fn serialize_f32(self, v: f32) -> Result {
        self.by_serde_json(&v)
    }

    fn serialize_f64(self, v: f64) -> Result {
        self.by_serde_json(&v)
    }

    fn serialize_char(self, v: char) -> Result {
        write_string(&mut self.out, v.encode_utf8(&mut [0; 4]));
        Ok(())
    }

    fn serialize_str(self, v: &str) -> Result {
        write_string(&mut self.out, v);
        Ok(())
    }

    fn serialize_bytes(self, v: &[u8]) -> Result {
        use ser::SerializeSeq;
        let mut seq = self.serialize_seq(Some(v.len()))?;
        v.iter().try_for_each(|b| seq.serialize_element(b))?;
        seq.end()
    }

    fn serialize_none(self) -> Result {
        self.serialize_unit()
    }

    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result {
        self.out.extend_from_slice(b"null");
        Ok(())
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result {
        self.serialize_unit()
    }

    fn serialize_unit_variant(self, _name: &'static str, _i: u32, variant: &'static str) -> Result {
        self.serialize_str(variant)
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _i: u32,
        variant: &'static str,
        value: &T,
    ) -> Result {
        let mut object = self.open(b'{');
        object.key(variant);
        object.value(value)?;
        object.close(b'}')
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'a, W>> {
        Ok(self.open(b'['))
    }

    fn serialize_tuple(self, len: usize) -> Result<Compound<'a, W>> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Compound<'a, W>> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _i: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Variant<'a, W>> {
        Ok(Variant::open(self, variant, b'['))
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'a, W>> {
        Ok(self.open(b'{'))
    }

    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Compound<'a, W>> {
        Ok(self.open(b'{'))
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _i: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Variant<'a, W>> {
        Ok(Variant::open(self, variant, b'{'))
    }
}

impl<W: Write> ser::SerializeSeq for Compound<'_, W> {
    type Ok = ();
    type Error = Error;

    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result {
        self.element();
        self.value(value)
    }

    fn end(self) -> Result {
        self.close(b']')
    }
}

impl<W: Write> ser::SerializeTuple for Compound<'_, W> {
    type Ok = ();
    type Error = Error;

    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result {
        ser::SerializeSeq::serialize_element(self, value)
    }

    fn end(self) -> Result {
        ser::SerializeSeq::end(self)
    }
}

impl<W: Write> ser::SerializeTupleStruct for Compound<'_, W> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result {
        ser::SerializeSeq::serialize_element(self, value)
    }

    fn end(self) -> Result {
        ser::SerializeSeq::end(self)
    }
}

impl<W: Write> ser::SerializeMap for Compound<'_, W> {
    type Ok = ();
    type Error = Error;

    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result {
        self.element();
        key.serialize(KeySerializer(&mut *self.json))?;
        self.json.out.extend_from_slice(b": ");
        Ok(())
    }

    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result {
        self.value(value)
    }

    fn end(self) -> Result {
        self.close(b'}')
    }
}

impl<W: Write> ser::SerializeStruct for Compound<'_, W> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: ?Sized + Serialize>(&mut self, key: &'static str, value: &T) -> Result {
        self.key(key);
        self.value(value)
    }

    fn end(self) -> Result {
        self.close(b'}')
    }
}

/// A tuple or struct variant: `{"Variant": [ … ]}` or `{"Variant": { … }}`.
struct Variant<'a, W> {
    inner: Compound<'a, W>,
}

impl<'a, W: Write> Variant<'a, W> {
    fn open(json: &'a mut Json<W>, variant: &str, bracket: u8) -> Self {
        json.depth += 1;
        json.out.push(b'{');
        json.new_line(true);
        write_string(&mut json.out, variant);
        json.out.extend_from_slice(b": ");
        Variant {
            inner: json.open(bracket),
        }
    }

    fn close(self, bracket: u8) -> Result {
        let json = self.inner.finish(bracket);
        json.depth -= 1;
        json.new_line(true);
        json.out.push(b'}');
        Ok(())
    }
}

impl<W: Write> ser::SerializeTupleVariant for Variant<'_, W> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result {
        ser::SerializeSeq::serialize_element(&mut self.inner, value)
    }

    fn end(self) -> Result {
        self.close(b']')
    }
}

impl<W: Write> ser::SerializeStructVariant for Variant<'_, W> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: ?Sized + Serialize>(&mut self, key: &'static str, value: &T) -> Result {
        ser::SerializeStruct::serialize_field(&mut self.inner, key, value)
    }

    fn end(self) -> Result {
        self.close(b'}')
    }
}

/// A map's key, as serde_json takes one: a string as it is; a number, a boolean or a
/// character in quotes; anything else refused with serde_json's own message.
struct KeySerializer<'a, W>(&'a mut Json<W>);

impl<W: Write> KeySerializer<'_, W> {
    /// A number or boolean in quotes.
    fn quoted(self, write: impl FnOnce(&mut Json<W>) -> Result) -> Result {
        self.0.out.push(b'"');
        write(self.0)?;
        self.0.out.push(b'"');
        Ok(())
    }

    fn int(self, n: impl itoa::Integer) -> Result {
        self.quoted(|j| {
            j.int(n);
            Ok(())
        })
    }

    fn refused(self) -> Result {
        Err(ser::Error::custom("key must be a string"))
    }
}

impl<W: Write> ser::Serializer for KeySerializer<'_, W> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = ser::Impossible<(), Error>;
    type SerializeTuple = ser::Impossible<(), Error>;
    type SerializeTupleStruct = ser::Impossible<(), Error>;
    type SerializeTupleVariant = ser::Impossible<(), Error>;
    type SerializeMap = ser::Impossible<(), Error>;
    type SerializeStruct = ser::Impossible<(), Error>;
    type SerializeStructVariant = ser::Impossible<(), Error>;

    fn serialize_str(self, v: &str) -> Result {
        write_string(&mut self.0.out, v);
        Ok(())
    }

    fn serialize_char(self, v: char) -> Result {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }

    fn serialize_unit_variant(self, _name: &'static str, _i: u32, variant: &'static str) -> Result {
        self.serialize_str(variant)
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result {
        value.serialize(self)
    }

    fn serialize_bool(self, v: bool) -> Result {
        self.quoted(|j| ser::Serializer::serialize_bool(j, v))
    }

    fn serialize_i8(self, v: i8) -> Result {
        self.int(v)
    }

    fn serialize_i16(self, v: i16) -> Result {
        self.int(v)
    }

    fn serialize_i32(self, v: i32) -> Result {
        self.int(v)
    }

    fn serialize_i64(self, v: i64) -> Result {
        self.int(v)
    }

    fn serialize_i128(self, v: i128) -> Result {
        self.int(v)
    }

    fn serialize_u8(self, v: u8) -> Result {
        self.int(v)
    }

    fn serialize_u16(self, v: u16) -> Result {
        self.int(v)
    }

    fn serialize_u32(self, v: u32) -> Result {
        self.int(v)
    }

    fn serialize_u64(self, v: u64) -> Result {
        self.int(v)
    }

    fn serialize_u128(self, v: u128) -> Result {
        self.int(v)
    }

    fn serialize_f32(self, v: f32) -> Result {
        if !v.is_finite() {
            return Err(ser::Error::custom(
                "float key must be finite (got NaN or +/-inf)",
            ));
        }
        self.quoted(|j| j.by_serde_json(&v))
    }

    fn serialize_f64(self, v: f64) -> Result {
        if !v.is_finite() {
            return Err(ser::Error::custom(
                "float key must be finite (got NaN or +/-inf)",
            ));
        }
        self.quoted(|j| j.by_serde_json(&v))
    }

    fn serialize_bytes(self, _v: &[u8]) -> Result {
        self.refused()
    }

    fn serialize_none(self) -> Result {
        self.refused()
    }

    fn serialize_some<T: ?Sized + Serialize>(self, _value: &T) -> Result {
        self.refused()
    }

    fn serialize_unit(self) -> Result {
        self.refused()
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result {
        self.refused()
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _i: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result {
        self.refused()
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq> {
        Err(ser::Error::custom("key must be a string"))
    }

    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple> {
        Err(ser::Error::custom("key must be a string"))
    }

    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct> {
        Err(ser::Error::custom("key must be a string"))
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _i: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant> {
        Err(ser::Error::custom("key must be a string"))
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap> {
        Err(ser::Error::custom("key must be a string"))
    }

    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Self::SerializeStruct> {
        Err(ser::Error::custom("key must be a string"))
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _i: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant> {
        Err(ser::Error::custom("key must be a string"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ours(v: &(impl Serialize + ?Sized)) -> String {
        let mut out = Vec::new();
        to_writer_pretty(&mut out, v).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn same(v: &(impl Serialize + ?Sized)) {
        let theirs = serde_json::to_string_pretty(v).unwrap();
        assert_eq!(ours(v), theirs);
    }

    /// Every shape serde_json's pretty printer handles, nested past the 64 levels of the one-copy
    /// indent: the same bytes.
    #[test]
    fn writes_what_serde_json_writes() {
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
            serde_json::json!([-0.0, 1e300, 1.5e-7, 0.1, -17, u64::MAX, i64::MIN]),
            deep,
        ] {
            same(&v);
        }
        // map keys that are numbers, booleans or characters are written as strings
        let keyed: std::collections::BTreeMap<i32, Vec<std::collections::BTreeMap<bool, u8>>> =
            [(2021, vec![[(true, 1)].into()]), (-3, vec![])].into();
        same(&keyed);
        let chars: std::collections::BTreeMap<char, f64> = [('đ', 0.5), ('"', f64::NAN)].into();
        same(&chars);
        let floats: Vec<(u128, i128, f32)> =
            vec![(u128::MAX, i128::MIN, 0.3), (0, -1, f32::INFINITY)];
        same(&floats);
    }

    /// Each kind of enum variant, unit structs, options, bytes, and a flattened struct.
    #[test]
    fn serde_shapes_are_written_as_serde_json_writes_them() {
        #[derive(serde::Serialize)]
        struct Unit;
        #[derive(serde::Serialize)]
        struct Newtype(u8);
        #[derive(serde::Serialize)]
        struct Pair(i8, &'static str);
        #[derive(serde::Serialize)]
        enum E {
            A,
            B(u16),
            C(u8, Option<bool>),
            D { x: Vec<u8>, y: Unit },
            F(),
            G {},
        }
        #[derive(serde::Serialize)]
        struct Inner {
            name: &'static str,
            tags: Vec<E>,
        }
        #[derive(serde::Serialize)]
        struct Outer<'a> {
            format: &'a str,
            #[serde(flatten)]
            inner: Inner,
            #[serde(skip_serializing_if = "Option::is_none")]
            gone: Option<u8>,
            bytes: &'a serde_bytes_like::Bytes,
            newtype: Newtype,
            pair: Pair,
            unit: (),
            ch: char,
        }
        mod serde_bytes_like {
            pub struct Bytes(pub &'static [u8]);
            impl serde::Serialize for Bytes {
                fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                    s.serialize_bytes(self.0)
                }
            }
        }
        let v = Outer {
            format: "chuan.check",
            inner: Inner {
                name: "Trường Chính trị tỉnh Lai Châu\t\u{7f}\u{1f}\u{8}\u{c}\r\\",
                tags: vec![
                    E::A,
                    E::B(7),
                    E::C(1, None),
                    E::D { x: vec![], y: Unit },
                    E::F(),
                    E::G {},
                ],
            },
            gone: None,
            bytes: &serde_bytes_like::Bytes(b"\x00\xff"),
            newtype: Newtype(3),
            pair: Pair(-1, "x"),
            unit: (),
            ch: '\n',
        };
        same(&v);
    }

    /// A string with something to escape at every place of an eight-byte word and beyond.
    #[test]
    fn escapes_at_every_place() {
        for c in (0u8..0x80)
            .map(char::from)
            .chain(['Â', 'đ', '—', '\u{2028}'])
        {
            for pad in 0..20 {
                let text = format!(
                    "{}{c}{}",
                    "ạ".repeat(pad % 3) + &"a".repeat(pad),
                    "b".repeat(pad)
                );
                same(&text);
            }
        }
    }

    /// A key serde_json refuses is refused here too.
    #[test]
    fn keys_serde_json_refuses_are_refused() {
        let v: std::collections::BTreeMap<Vec<u8>, u8> = [(vec![1], 1)].into();
        assert!(serde_json::to_string_pretty(&v).is_err());
        assert!(to_writer_pretty(Vec::new(), &v).is_err());
    }

    /// A large value reaches the writer in pieces, whole.
    #[test]
    fn a_large_value_is_written_whole() {
        let big: Vec<String> = (0..20_000).map(|i| format!("school {i}")).collect();
        same(&big);
    }
}
