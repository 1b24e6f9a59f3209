//! The build-time snapshot of a criteria set: serde's data model, field after field, in a
//! compact binary form whose strings live apart, in a table of their own.
//!
//! `chuan`'s build script writes the bundled set's table as Rust string literals, which the
//! compiler checks as UTF-8: decoding a string is then a lookup, not a validation (with the
//! strings inline, as postcard keeps them, checking 1 300 mostly Vietnamese strings was half of
//! loading the set). Equal strings (fact names, ids a rule and a roadmap both name) are stored
//! once.
//!
//! The layout is much like postcard's: integers as LEB128 varints (signed ones zig-zagged), a
//! sequence or map as its length then its elements, an option as 0 or 1 then the value, an
//! enum as its variant index then its fields, a struct or tuple as its fields in order. A
//! string is the varint index of its table entry. The format is not self-describing: only a
//! type that serialized a snapshot can read one.

use std::collections::HashMap;
use std::fmt;

use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};
use serde::{Deserialize, Serialize, ser};

/// A snapshot: the encoded values and the strings they index.
#[derive(Debug)]
pub struct Snapshot {
    pub bytes: Vec<u8>,
    pub strings: Vec<String>,
}

/// Why a snapshot could not be written or read.
#[derive(Debug)]
pub struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

type Result<T = ()> = std::result::Result<T, Error>;

/// `value` as a snapshot.
pub fn to_snapshot<T: ?Sized + Serialize>(value: &T) -> Result<Snapshot> {
    let mut w = Writer::default();
    value.serialize(&mut w)?;
    Ok(Snapshot {
        bytes: w.bytes,
        strings: w.strings,
    })
}

/// The value `bytes` encode, with its strings from `strings`; every byte must be read.
pub fn from_snapshot<'de, T: Deserialize<'de>>(
    bytes: &'de [u8],
    strings: &'de [&'de str],
) -> Result<T> {
    let mut r = Reader { bytes, strings };
    let value = T::deserialize(&mut r)?;
    if r.bytes.is_empty() {
        Ok(value)
    } else {
        Err(Error(format!(
            "{} bytes left after the value",
            r.bytes.len()
        )))
    }
}

// ---------------------------------------------------------------------------------------------
// Writing

#[derive(Default)]
struct Writer {
    bytes: Vec<u8>,
    strings: Vec<String>,
    index: HashMap<String, usize>,
}

impl Writer {
    fn varint(&mut self, mut v: u128) {
        loop {
            let low = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                self.bytes.push(low);
                return;
            }
            self.bytes.push(low | 0x80);
        }
    }

    fn signed(&mut self, v: i128) {
        self.varint(((v << 1) ^ (v >> 127)) as u128);
    }

    fn len(&mut self, len: Option<usize>) -> Result {
        let len = len.ok_or_else(|| Error("a sequence or map of unknown length".into()))?;
        self.varint(len as u128);
        Ok(())
    }
}

/// `fn serialize_i8(self, v: i8)` … for each integer type, written by `signed` or `varint`.
macro_rules! integers {
    ($($how:ident: $($method:ident $ty:ty),*);*) => {$($(
        fn $method(self, v: $ty) -> Result {
            self.$how(v.into());
            Ok(())
        }
    )*)*};
}

impl ser::Serializer for &mut Writer {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    fn is_human_readable(&self) -> bool {
        false
    }
    fn serialize_bool(self, v: bool) -> Result {
        self.bytes.push(u8::from(v));
        Ok(())
    }
    integers!(
        signed: serialize_i8 i8, serialize_i16 i16, serialize_i32 i32, serialize_i64 i64,
            serialize_i128 i128;
        varint: serialize_u8 u8, serialize_u16 u16, serialize_u32 u32, serialize_u64 u64,
            serialize_u128 u128
    );
    fn serialize_f32(self, v: f32) -> Result {
        self.bytes.extend_from_slice(&v.to_le_bytes());
        Ok(())
    }
    fn serialize_f64(self, v: f64) -> Result {
        self.bytes.extend_from_slice(&v.to_le_bytes());
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result {
        self.varint(u32::from(v).into());
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result {
        let i = match self.index.get(v) {
            Some(&i) => i,
            None => {
                let i = self.strings.len();
                self.strings.push(v.to_owned());
                self.index.insert(v.to_owned(), i);
                i
            }
        };
        self.varint(i as u128);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result {
        self.varint(v.len() as u128);
        self.bytes.extend_from_slice(v);
        Ok(())
    }
    fn serialize_none(self) -> Result {
        self.bytes.push(0);
        Ok(())
    }
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result {
        self.bytes.push(1);
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result {
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result {
        Ok(())
    }
    fn serialize_unit_variant(self, _: &'static str, index: u32, _: &'static str) -> Result {
        self.varint(index.into());
        Ok(())
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(self, _: &'static str, value: &T) -> Result {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        index: u32,
        _: &'static str,
        value: &T,
    ) -> Result {
        self.varint(index.into());
        value.serialize(self)
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Self> {
        self.len(len)?;
        Ok(self)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self> {
        Ok(self)
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self> {
        Ok(self)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        index: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self> {
        self.varint(index.into());
        Ok(self)
    }
    fn serialize_map(self, len: Option<usize>) -> Result<Self> {
        self.len(len)?;
        Ok(self)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self> {
        Ok(self)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        index: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self> {
        self.varint(index.into());
        Ok(self)
    }
}

/// Elements, fields and entries are written one after the other, with nothing between (a
/// field's name too: a struct is read back by its type).
macro_rules! in_order {
    ($($trait:ident :: $method:ident ($($name:ty)?)),*) => {$(
        impl ser::$trait for &mut Writer {
            type Ok = ();
            type Error = Error;
            fn $method<T: ?Sized + Serialize>(&mut self, $(_: $name,)? value: &T) -> Result {
                value.serialize(&mut **self)
            }
            fn end(self) -> Result {
                Ok(())
            }
        }
    )*};
}

in_order!(
    SerializeSeq::serialize_element(),
    SerializeTuple::serialize_element(),
    SerializeTupleStruct::serialize_field(),
    SerializeTupleVariant::serialize_field(),
    SerializeStruct::serialize_field(&'static str),
    SerializeStructVariant::serialize_field(&'static str)
);

impl ser::SerializeMap for &mut Writer {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result {
        key.serialize(&mut **self)
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result {
        value.serialize(&mut **self)
    }
    fn end(self) -> Result {
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// Reading

struct Reader<'de> {
    bytes: &'de [u8],
    strings: &'de [&'de str],
}

fn ended() -> Error {
    Error("the snapshot ends inside a value".into())
}

impl<'de> Reader<'de> {
    fn byte(&mut self) -> Result<u8> {
        let (&b, rest) = self.bytes.split_first().ok_or_else(ended)?;
        self.bytes = rest;
        Ok(b)
    }

    fn take(&mut self, n: usize) -> Result<&'de [u8]> {
        if n > self.bytes.len() {
            return Err(ended());
        }
        let (taken, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Ok(taken)
    }

    fn varint(&mut self) -> Result<u128> {
        // most are one byte (lengths, variant indices, string indices below 128) or two
        // (the other string indices)
        match *self.bytes {
            [b, ref rest @ ..] if b < 0x80 => {
                self.bytes = rest;
                return Ok(b.into());
            }
            [b0, b1, ref rest @ ..] if b1 < 0x80 => {
                self.bytes = rest;
                return Ok(u128::from(b0 & 0x7f) | u128::from(b1) << 7);
            }
            _ => {}
        }
        let mut v = 0u128;
        for shift in (0..128).step_by(7) {
            let b = self.byte()?;
            v |= u128::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(Error("a varint longer than 128 bits".into()))
    }

    fn unsigned<T: TryFrom<u128>>(&mut self) -> Result<T> {
        let v = self.varint()?;
        T::try_from(v).map_err(|_| Error(format!("{v} is out of range")))
    }

    fn signed<T: TryFrom<i128>>(&mut self) -> Result<T> {
        let z = self.varint()?;
        let v = ((z >> 1) as i128) ^ -((z & 1) as i128);
        T::try_from(v).map_err(|_| Error(format!("{v} is out of range")))
    }

    /// A sequence's or map's length. Not checked against the bytes left (an element of unit
    /// type takes none): a corrupt length ends in an error when the bytes run out, and serde
    /// reserves no more than a cautious size hint meanwhile.
    fn len(&mut self) -> Result<usize> {
        self.unsigned()
    }

    fn str(&mut self) -> Result<&'de str> {
        let i: usize = self.unsigned()?;
        self.strings
            .get(i)
            .copied()
            .ok_or_else(|| Error(format!("string {i} is not in the table")))
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N]> {
        Ok(self.take(N)?.try_into().expect("took N bytes"))
    }
}

/// Elements, fields or entries: `left` more to read.
struct Items<'a, 'de> {
    r: &'a mut Reader<'de>,
    left: usize,
}

impl<'de> de::SeqAccess<'de> for Items<'_, 'de> {
    type Error = Error;
    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        if self.left == 0 {
            return Ok(None);
        }
        self.left -= 1;
        seed.deserialize(&mut *self.r).map(Some)
    }
    fn size_hint(&self) -> Option<usize> {
        Some(self.left)
    }
}

impl<'de> de::MapAccess<'de> for Items<'_, 'de> {
    type Error = Error;
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if self.left == 0 {
            return Ok(None);
        }
        self.left -= 1;
        seed.deserialize(&mut *self.r).map(Some)
    }
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        seed.deserialize(&mut *self.r)
    }
    fn size_hint(&self) -> Option<usize> {
        Some(self.left)
    }
}

impl<'de> de::EnumAccess<'de> for &mut Reader<'de> {
    type Error = Error;
    type Variant = Self;
    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self)> {
        let index: u32 = self.unsigned()?;
        let v = seed.deserialize(index.into_deserializer())?;
        Ok((v, self))
    }
}

impl<'de> de::VariantAccess<'de> for &mut Reader<'de> {
    type Error = Error;
    fn unit_variant(self) -> Result {
        Ok(())
    }
    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value> {
        seed.deserialize(self)
    }
    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value> {
        visitor.visit_seq(Items { r: self, left: len })
    }
    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        visitor.visit_seq(Items {
            r: self,
            left: fields.len(),
        })
    }
}

/// `fn deserialize_i8` … for each integer type: read by `signed` or `unsigned`, checked against
/// the type's range.
macro_rules! read_integers {
    ($($how:ident: $($method:ident $visit:ident),*);*) => {$($(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
            visitor.$visit(self.$how()?)
        }
    )*)*};
}

impl<'de> de::Deserializer<'de> for &mut Reader<'de> {
    type Error = Error;

    fn is_human_readable(&self) -> bool {
        false
    }
    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value> {
        Err(Error(
            "a snapshot is read only by the type that wrote it".into(),
        ))
    }
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_any(visitor)
    }
    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.byte()? {
            0 => visitor.visit_bool(false),
            1 => visitor.visit_bool(true),
            b => Err(Error(format!("{b} is not a boolean"))),
        }
    }
    read_integers!(
        signed: deserialize_i8 visit_i8, deserialize_i16 visit_i16, deserialize_i32 visit_i32,
            deserialize_i64 visit_i64, deserialize_i128 visit_i128;
        unsigned: deserialize_u8 visit_u8, deserialize_u16 visit_u16, deserialize_u32 visit_u32,
            deserialize_u64 visit_u64, deserialize_u128 visit_u128
    );
    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_f32(f32::from_le_bytes(self.array()?))
    }
    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_f64(f64::from_le_bytes(self.array()?))
    }
    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let code: u32 = self.unsigned()?;
        let c = char::from_u32(code).ok_or_else(|| Error(format!("{code} is not a character")))?;
        visitor.visit_char(c)
    }
    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_borrowed_str(self.str()?)
    }
    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }
    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let n = self.len()?;
        visitor.visit_borrowed_bytes(self.take(n)?)
    }
    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_bytes(visitor)
    }
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.byte()? {
            0 => visitor.visit_none(),
            1 => visitor.visit_some(self),
            b => Err(Error(format!("{b} is not an option's tag"))),
        }
    }
    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_unit()
    }
    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        visitor.visit_unit()
    }
    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        visitor.visit_newtype_struct(self)
    }
    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let left = self.len()?;
        visitor.visit_seq(Items { r: self, left })
    }
    fn deserialize_tuple<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value> {
        visitor.visit_seq(Items { r: self, left: len })
    }
    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_tuple(len, visitor)
    }
    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let left = self.len()?;
        visitor.visit_map(Items { r: self, left })
    }
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_tuple(fields.len(), visitor)
    }
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        visitor.visit_enum(self)
    }
    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_u32(visitor)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::{Deserialize, Serialize};

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    enum Shape {
        Unit,
        Newtype(String),
        Tuple(i8, u64),
        Struct { a: Option<char>, b: Vec<bool> },
    }

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Unit;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct All {
        ints: (i8, i16, i32, i64, i128, u8, u16, u32, u64, u128),
        floats: (f32, f64),
        text: (String, String, char, Option<String>),
        bytes: Vec<u8>,
        shapes: Vec<Shape>,
        map: BTreeMap<String, [Vec<String>; 2]>,
        unit: ((), Unit, Vec<()>),
        date: jiff::civil::Date,
        dec: crate::decimal::Dec,
    }

    fn sample() -> All {
        All {
            ints: (
                i8::MIN,
                -300,
                i32::MAX,
                i64::MIN,
                i128::MIN,
                255,
                300,
                u32::MAX,
                u64::MAX,
                u128::MAX,
            ),
            floats: (-0.5, 1e300),
            text: ("Lai Châu".into(), "Lai Châu".into(), 'ạ', None),
            bytes: vec![0, 127, 128, 255],
            shapes: vec![
                Shape::Unit,
                Shape::Newtype("".into()),
                Shape::Tuple(-1, 1 << 40),
                Shape::Struct {
                    a: Some('\u{10ffff}'),
                    b: vec![true, false],
                },
            ],
            map: [("k".to_string(), [vec!["Lai Châu".to_string()], vec![]])].into(),
            unit: ((), Unit, vec![(); 3]),
            date: jiff::civil::date(2023, 11, 30),
            dec: crate::decimal::Dec::parse("12.5").unwrap(),
        }
    }

    #[test]
    fn every_shape_comes_back_as_it_went() {
        let v = sample();
        let snap = super::to_snapshot(&v).unwrap();
        // equal strings are stored once
        assert_eq!(snap.strings.iter().filter(|s| *s == "Lai Châu").count(), 1);
        let strings: Vec<&str> = snap.strings.iter().map(String::as_str).collect();
        let back: All = super::from_snapshot(&snap.bytes, &strings).unwrap();
        assert_eq!(back, v);
        // one, two and three bytes, at the edges
        for n in [0u32, 127, 128, 300, 16383, 16384, 2_097_151, 2_097_152] {
            let snap = super::to_snapshot(&n).unwrap();
            assert_eq!(super::from_snapshot::<u32>(&snap.bytes, &[]).unwrap(), n);
        }
        // elements that take no bytes: a length may exceed the bytes left
        let units = super::to_snapshot(&vec![(); 3]).unwrap();
        assert_eq!(units.bytes, [3]);
        assert_eq!(
            super::from_snapshot::<Vec<()>>(&units.bytes, &[]).unwrap(),
            vec![(); 3]
        );
    }

    /// Every cut of a snapshot, a trailing byte, a string index past the table and a bad tag:
    /// errors, never a panic or a wrong value.
    #[test]
    fn damaged_snapshots_are_refused() {
        let snap = super::to_snapshot(&sample()).unwrap();
        let strings: Vec<&str> = snap.strings.iter().map(String::as_str).collect();
        for cut in 0..snap.bytes.len() {
            assert!(super::from_snapshot::<All>(&snap.bytes[..cut], &strings).is_err());
        }
        let mut longer = snap.bytes.clone();
        longer.push(0);
        assert!(super::from_snapshot::<All>(&longer, &strings).is_err());
        assert!(super::from_snapshot::<All>(&snap.bytes, &strings[..1]).is_err());
        // an index past the table is refused itself, not through whatever reads the string
        assert_eq!(
            super::from_snapshot::<String>(&[1], &["a", "b"]).unwrap(),
            "b"
        );
        assert!(super::from_snapshot::<String>(&[2], &["a", "b"]).is_err());
        assert!(super::from_snapshot::<bool>(&[2], &[]).is_err());
        assert!(super::from_snapshot::<Option<u8>>(&[7, 0], &[]).is_err());
        assert!(super::from_snapshot::<u8>(&[0x80, 0x02], &[]).is_err());
        assert!(super::from_snapshot::<Vec<u8>>(&[0xff, 0xff, 0x03], &[]).is_err());
        assert!(super::from_snapshot::<Shape>(&[9], &[]).is_err());
        assert!(super::from_snapshot::<serde_json::Value>(&[0], &[]).is_err());
    }
}
