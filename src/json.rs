//! The pretty JSON writer of every JSON output: serde_json's pretty printer byte for byte (two
//! spaces an indent, `"key": value`, `[]` and `{}` when empty), written into one buffer.
//!
//! A check's report is 80 KB in 3 300 lines with 3 500 strings (keys included), most of them
//! shorter than 16 bytes: what costs is the work done per token, not per byte. Through
//! serde_json each key and string was scanned a byte at a time and each token was a `memcpy`
//! call into a `BufWriter`. Here every token is one capacity check and a few plain stores: a
//! short piece is copied with two overlapping loads and stores (no call), and a string is tested
//! for what needs escaping eight bytes at a time, its last word overlapping the one before.
//! Floats are still formatted by serde_json (its shortest round-trip form), so the two agree on
//! every value; the tests compare them on every shape of serde's data model and `tests/outputs.rs`
//! on every JSON output.

use std::io::Write;

use serde::ser::{self, Serialize};

/// Writes `value` pretty-printed into `w`, in pieces of about [`FLUSH_AT`] bytes (a board of
/// thousands of schools is never held whole in memory).
pub fn to_writer_pretty<W: Write, T: ?Sized + Serialize>(w: W, value: &T) -> std::io::Result<()> {
    let mut json = Json {
        out: Vec::with_capacity(FLUSH_AT + FLUSH_AT / 4),
        w,
        depth: 0,
    };
    value.serialize(&mut json).map_err(|e| e.0)?;
    json.w.write_all(&json.out)
}

/// The buffer is handed to the writer once it holds this much, after a whole element. 16 KB:
/// a larger buffer is more fresh pages touched for a one-school report, and a board's output is
/// written in a few thousand calls either way.
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

/// `,` then a new line and the spaces of 64 levels. A line up to 15 levels deep (32 bytes) is
/// copied without a call, a deeper one by `memcpy`, and one past 64 levels in pieces.
const NEW_LINE: [u8; 2 + 128] = {
    let mut line = [b' '; 2 + 128];
    line[0] = b',';
    line[1] = b'\n';
    line
};

/// Appends `bytes` to `out` (see [`copy`]).
#[inline(always)]
fn put(out: &mut Vec<u8>, bytes: &[u8]) {
    out.reserve(bytes.len());
    // SAFETY: `reserve` made room for the bytes past `len`, which then covers what was copied
    unsafe {
        copy(bytes, out.as_mut_ptr().add(out.len()));
        out.set_len(out.len() + bytes.len());
    }
}

/// Copies `bytes` to `dst`: up to 32 bytes with two overlapping loads and stores of the widest
/// size that fits, with no call; longer runs with `memcpy`.
///
/// # Safety
/// `dst` must be valid for writes of `bytes.len()` bytes that do not overlap `bytes`.
#[inline(always)]
unsafe fn copy(bytes: &[u8], dst: *mut u8) {
    let n = bytes.len();
    let src = bytes.as_ptr();
    // SAFETY: every load reads inside `bytes` (the two loads of a size overlap when `n` is less
    // than twice it) and every store writes inside the `n` bytes at `dst`
    unsafe {
        macro_rules! two {
            ($t:ty) => {{
                const W: usize = size_of::<$t>();
                let head = src.cast::<$t>().read_unaligned();
                let tail = src.add(n - W).cast::<$t>().read_unaligned();
                dst.cast::<$t>().write_unaligned(head);
                dst.add(n - W).cast::<$t>().write_unaligned(tail);
            }};
        }
        match n {
            0 => {}
            1..=3 => {
                *dst = *src;
                *dst.add(n / 2) = *src.add(n / 2);
                *dst.add(n - 1) = *src.add(n - 1);
            }
            4..=7 => two!(u32),
            8..=15 => two!(u64),
            16..=32 => two!(u128),
            _ => std::ptr::copy_nonoverlapping(src, dst, n),
        }
    }
}

/// Non-zero when a byte of `x` is below 0x20, a quote or a backslash: what serde_json escapes.
#[inline(always)]
fn flags(x: u64) -> u64 {
    use crate::text::word::{below, has};
    below(x, 0x20) | has(x, b'"') | has(x, b'\\')
}

/// Whether serde_json escapes any byte of `bytes`, eight bytes at a time. Shorter texts are
/// loaded as two overlapping halves, padded with spaces, which need no escape.
#[inline(always)]
fn needs_escape(bytes: &[u8]) -> bool {
    let n = bytes.len();
    let word = |at: usize| u64::from_ne_bytes(bytes[at..at + 8].try_into().expect("8 bytes"));
    match n {
        0 => false,
        1..=3 => {
            let spaces = u64::from_ne_bytes([b' '; 8]);
            let x = u64::from(bytes[0])
                | u64::from(bytes[n / 2]) << 8
                | u64::from(bytes[n - 1]) << 16
                | spaces << 24;
            flags(x) != 0
        }
        4..=7 => {
            let half = |at: usize| u32::from_ne_bytes(bytes[at..at + 4].try_into().expect("4"));
            flags(u64::from(half(0)) | u64::from(half(n - 4)) << 32) != 0
        }
        _ => {
            let mut at = 0;
            while at + 8 < n {
                if flags(word(at)) != 0 {
                    return true;
                }
                at += 8;
            }
            flags(word(n - 8)) != 0
        }
    }
}

/// `text` as a JSON string, with serde_json's escapes: `\"`, `\\`, `\b \f \n \r \t`, other
/// controls as `\u00xx`; everything else, DEL and all of Unicode, as it is.
#[inline]
fn write_string(out: &mut Vec<u8>, text: &str) {
    let bytes = text.as_bytes();
    if needs_escape(bytes) {
        return write_escaped(out, bytes);
    }
    let n = bytes.len();
    out.reserve(n + 2);
    // SAFETY: `reserve` made room for the two quotes and the text past `len`
    unsafe {
        let dst = out.as_mut_ptr().add(out.len());
        *dst = b'"';
        copy(bytes, dst.add(1));
        *dst.add(n + 1) = b'"';
        out.set_len(out.len() + n + 2);
    }
}

/// The rare string with something to escape, a byte at a time.
#[cold]
fn write_escaped(out: &mut Vec<u8>, bytes: &[u8]) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push(b'"');
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let escape: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            0x08 => b"\\b",
            0x0c => b"\\f",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0..0x20 => &[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[usize::from(b >> 4)],
                HEX[usize::from(b & 0xf)],
            ],
            _ => continue,
        };
        put(out, &bytes[start..i]);
        put(out, escape);
        start = i + 1;
    }
    put(out, &bytes[start..]);
    out.push(b'"');
}

impl<W: Write> Json<W> {
    /// A new line indented to the current depth, after a comma unless `first`.
    #[inline]
    fn new_line(&mut self, first: bool) {
        let from = usize::from(first);
        match NEW_LINE.get(from..2 + 2 * self.depth) {
            Some(line) => put(&mut self.out, line),
            None => self.deep_line(from),
        }
    }

    /// A line more than 64 levels deep.
    #[cold]
    fn deep_line(&mut self, from: usize) {
        put(&mut self.out, &NEW_LINE[from..]);
        (64..self.depth).for_each(|_| put(&mut self.out, b"  "));
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
    #[inline]
    fn int(&mut self, n: impl itoa::Integer) -> Result {
        put(&mut self.out, itoa::Buffer::new().format(n).as_bytes());
        Ok(())
    }

    /// A value serde_json writes its own way (a float: its shortest round-trip form, or `null`).
    fn by_serde_json(&mut self, v: &impl Serialize) -> Result {
        serde_json::to_writer(&mut self.out, v).map_err(|e| Error(e.into()))
    }

    /// Hands the buffer to the writer once it is full enough.
    #[inline]
    fn flush_if_full(&mut self) -> Result {
        if self.out.len() >= FLUSH_AT {
            self.flush()?;
        }
        Ok(())
    }

    #[cold]
    fn flush(&mut self) -> Result {
        self.w.write_all(&self.out).map_err(Error)?;
        self.out.clear();
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
    #[inline]
    fn element(&mut self) {
        self.json.new_line(self.first);
        self.first = false;
    }

    /// `"key": ` on its own line (a key serde_json would escape is escaped).
    #[inline]
    fn key(&mut self, key: &str) {
        self.element();
        write_string(&mut self.json.out, key);
        put(&mut self.json.out, b": ");
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

    #[inline]
    fn value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result {
        value.serialize(&mut *self.json)?;
        self.json.flush_if_full()
    }
}

/// The ten integer methods of a `Serializer`, each handing its value to `self.int`.
macro_rules! integers {
    () => {
        integers!(serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64,
            serialize_i128: i128, serialize_u8: u8, serialize_u16: u16, serialize_u32: u32,
            serialize_u64: u64, serialize_u128: u128);
    };
    ($($method:ident: $t:ty),*) => {
        $(fn $method(self, v: $t) -> Result {
            self.int(v)
        })*
    };
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
        put(&mut self.out, if v { b"true" } else { b"false" });
        Ok(())
    }

    integers!();

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
        put(&mut self.out, b"null");
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

/// A tuple and a tuple struct are written as a sequence.
macro_rules! as_seq {
    ($($trait:ident::$method:ident),*) => {$(
        impl<W: Write> ser::$trait for Compound<'_, W> {
            type Ok = ();
            type Error = Error;

            fn $method<T: ?Sized + Serialize>(&mut self, value: &T) -> Result {
                ser::SerializeSeq::serialize_element(self, value)
            }

            fn end(self) -> Result {
                ser::SerializeSeq::end(self)
            }
        }
    )*};
}

as_seq!(
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field
);

impl<W: Write> ser::SerializeMap for Compound<'_, W> {
    type Ok = ();
    type Error = Error;

    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result {
        self.element();
        key.serialize(KeySerializer(&mut *self.json))?;
        put(&mut self.json.out, b": ");
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
    /// `{`, then `"Variant": ` and the inner bracket.
    fn open(json: &'a mut Json<W>, variant: &str, bracket: u8) -> Self {
        let mut outer = json.open(b'{');
        outer.key(variant);
        Variant {
            inner: outer.json.open(bracket),
        }
    }

    /// The inner bracket, then the object's `}` on a line of its own.
    fn close(self, bracket: u8) -> Result {
        let json = self.inner.finish(bracket);
        Compound { json, first: false }.close(b'}')
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
        self.quoted(|j| j.int(n))
    }

    fn float(self, v: impl Serialize, finite: bool) -> Result {
        if !finite {
            return Err(ser::Error::custom(
                "float key must be finite (got NaN or +/-inf)",
            ));
        }
        self.quoted(|j| j.by_serde_json(&v))
    }
}

/// serde_json's refusal of a key that is neither a string nor a scalar.
fn refused<T>() -> Result<T> {
    Err(ser::Error::custom("key must be a string"))
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

    integers!();

    fn serialize_f32(self, v: f32) -> Result {
        self.float(v, v.is_finite())
    }

    fn serialize_f64(self, v: f64) -> Result {
        self.float(v, v.is_finite())
    }

    fn serialize_bytes(self, _v: &[u8]) -> Result {
        refused()
    }

    fn serialize_none(self) -> Result {
        refused()
    }

    fn serialize_some<T: ?Sized + Serialize>(self, _value: &T) -> Result {
        refused()
    }

    fn serialize_unit(self) -> Result {
        refused()
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result {
        refused()
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _i: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result {
        refused()
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq> {
        refused()
    }

    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple> {
        refused()
    }

    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct> {
        refused()
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _i: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant> {
        refused()
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap> {
        refused()
    }

    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Self::SerializeStruct> {
        refused()
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _i: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant> {
        refused()
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

    #[track_caller]
    fn same(v: &(impl Serialize + ?Sized)) {
        let theirs = serde_json::to_string_pretty(v).unwrap();
        assert_eq!(ours(v), theirs);
    }

    /// Every shape serde_json's pretty printer handles, nested past the 15 levels of the
    /// call-free indent copy and the 64 of the one-copy indent: the same bytes.
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
        // (floats: `keys_serde_json_refuses_are_refused`)
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
            bytes: &'a Bytes,
            newtype: Newtype,
            pair: Pair,
            unit: (),
            ch: char,
        }
        struct Bytes(&'static [u8]);
        impl serde::Serialize for Bytes {
            fn serialize<S: serde::Serializer>(
                &self,
                s: S,
            ) -> std::result::Result<S::Ok, S::Error> {
                s.serialize_bytes(self.0)
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
            bytes: &Bytes(b"\x00\xff"),
            newtype: Newtype(3),
            pair: Pair(-1, "x"),
            unit: (),
            ch: '\n',
        };
        same(&v);
    }

    /// Every byte serde_json escapes, and a few it does not, at every place of texts of 0 to
    /// 40 bytes: inside and across the eight-byte words, in the overlapping last word, in the
    /// halves of a short text; as a value and as a key.
    #[test]
    fn escapes_at_every_place() {
        let specials = (0u8..0x20)
            .chain([b'"', b'\\', b' ', b'!', b'#', b'[', b']', 0x7f])
            .map(char::from)
            .chain(['Â', 'đ', '—', '\u{2028}', 'ż']);
        for c in specials {
            for len in 0..40 {
                for at in 0..=len {
                    let mut text: String = (0..len).map(|i| ['a', 'ạ', 'Z'][i % 3]).collect();
                    let byte = text.char_indices().nth(at).map_or(text.len(), |(b, _)| b);
                    text.insert(byte, c);
                    same(&text);
                    same(&std::collections::BTreeMap::from([(text.as_str(), 0)]));
                }
            }
        }
        for text in ["", "a", "ab", "abc", "đ", "\"", "a\\", "\u{1}bc"] {
            same(&text);
        }
    }

    /// The call-free copies at every length around their edges (0–3, 4–7, 8–15, 16–32, more).
    #[test]
    fn copies_every_length() {
        for len in 0..80 {
            let text: String = (0..len)
                .map(|i| char::from(b'a' + (i % 26) as u8))
                .collect();
            let mut out = vec![b'x'];
            put(&mut out, text.as_bytes());
            assert_eq!(&out[1..], text.as_bytes());
            assert_eq!(out[0], b'x');
            same(&text);
        }
    }

    /// A key serde_json refuses is refused here too.
    #[test]
    fn keys_serde_json_refuses_are_refused() {
        let v: std::collections::BTreeMap<Vec<u8>, u8> = [(vec![1], 1)].into();
        assert!(serde_json::to_string_pretty(&v).is_err());
        assert!(to_writer_pretty(Vec::new(), &v).is_err());
        assert!(serde_json::to_string_pretty(&FloatKey(f64::NAN)).is_err());
        assert!(to_writer_pretty(Vec::new(), &FloatKey(f64::NAN)).is_err());
        same(&FloatKey(2.5));
    }

    /// A map whose one key is a float (serde_json quotes a finite one and refuses the rest).
    struct FloatKey(f64);
    impl Serialize for FloatKey {
        fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
            use ser::SerializeMap;
            let mut map = s.serialize_map(Some(1))?;
            map.serialize_entry(&self.0, &1)?;
            map.end()
        }
    }

    /// A large value reaches the writer in pieces, whole.
    #[test]
    fn a_large_value_is_written_whole() {
        let big: Vec<String> = (0..20_000).map(|i| format!("school {i}")).collect();
        same(&big);
    }
}
