//! Flatten a `Serialize` struct of scalars into named cells, in field order.
//!
//! Metrics and ledger totals arrive as engine structs; their field order is the column
//! order of `summary.csv`. A tiny serde serializer walks the struct (nested structs become
//! `outer_inner` names) and keeps each value's kind, so counts stay integers.

use serde::Serialize;
use serde::ser::{self, Impossible, SerializeStruct};

/// One scalar value.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
#[serde(untagged)]
pub enum Cell {
    /// Unsigned integer.
    U64(u64),
    /// Signed integer.
    I64(i64),
    /// Floating point (never NaN or infinite: those become `Null`).
    F64(f64),
    /// Boolean.
    Bool(bool),
    /// Text (unit enum variants by their serde name).
    Str(String),
    /// Missing (an `Option::None`, a NaN).
    Null,
}

impl Cell {
    /// The value as f64 (integers converted, text and null as `None`).
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Cell::U64(v) => Some(*v as f64),
            Cell::I64(v) => Some(*v as f64),
            Cell::F64(v) => Some(*v),
            Cell::Bool(_) | Cell::Str(_) | Cell::Null => None,
        }
    }

    /// CSV text: shortest round-trip decimal for floats (Rust `Display`), empty for null.
    pub fn to_text(&self) -> String {
        match self {
            Cell::U64(v) => v.to_string(),
            Cell::I64(v) => v.to_string(),
            // A zero is written as 0 whatever its sign (`-0` reads as a loss).
            Cell::F64(v) if *v == 0.0 => "0".into(),
            Cell::F64(v) => v.to_string(),
            Cell::Bool(v) => v.to_string(),
            Cell::Str(s) => s.clone(),
            Cell::Null => String::new(),
        }
    }
}

/// A value that does not flatten into cells (a map, a sequence, a tuple).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot flatten into columns: {0}")]
pub struct CellError(String);

impl ser::Error for CellError {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        CellError(msg.to_string())
    }
}

/// Flatten `value` (a struct of scalars, possibly nested) into `(name, cell)` pairs.
///
/// # Errors
/// [`CellError`] when a field is a sequence or a map.
pub fn to_cells<T: Serialize + ?Sized>(value: &T) -> Result<Vec<(String, Cell)>, CellError> {
    let mut out = Vec::new();
    value.serialize(Flattener {
        prefix: String::new(),
        out: &mut out,
    })?;
    Ok(out)
}

struct Flattener<'a> {
    prefix: String,
    out: &'a mut Vec<(String, Cell)>,
}

impl Flattener<'_> {
    fn push(self, cell: Cell) -> Result<(), CellError> {
        let name = if self.prefix.is_empty() {
            "value".to_string()
        } else {
            self.prefix
        };
        self.out.push((name, cell));
        Ok(())
    }
}

macro_rules! scalar {
    ($f:ident, $t:ty, $c:expr) => {
        fn $f(self, v: $t) -> Result<(), CellError> {
            #[allow(clippy::redundant_closure_call)]
            self.push(($c)(v))
        }
    };
}

impl<'a> ser::Serializer for Flattener<'a> {
    type Ok = ();
    type Error = CellError;
    type SerializeSeq = Impossible<(), CellError>;
    type SerializeTuple = Impossible<(), CellError>;
    type SerializeTupleStruct = Impossible<(), CellError>;
    type SerializeTupleVariant = Impossible<(), CellError>;
    type SerializeMap = Impossible<(), CellError>;
    type SerializeStruct = StructFlattener<'a>;
    type SerializeStructVariant = Impossible<(), CellError>;

    scalar!(serialize_bool, bool, Cell::Bool);
    scalar!(serialize_i8, i8, |v| Cell::I64(i64::from(v)));
    scalar!(serialize_i16, i16, |v| Cell::I64(i64::from(v)));
    scalar!(serialize_i32, i32, |v| Cell::I64(i64::from(v)));
    scalar!(serialize_i64, i64, Cell::I64);
    scalar!(serialize_u8, u8, |v| Cell::U64(u64::from(v)));
    scalar!(serialize_u16, u16, |v| Cell::U64(u64::from(v)));
    scalar!(serialize_u32, u32, |v| Cell::U64(u64::from(v)));
    scalar!(serialize_u64, u64, Cell::U64);
    scalar!(serialize_f32, f32, |v: f32| float(f64::from(v)));
    scalar!(serialize_f64, f64, float);
    scalar!(serialize_char, char, |v: char| Cell::Str(v.to_string()));
    scalar!(serialize_str, &str, |v: &str| Cell::Str(v.to_string()));

    fn serialize_bytes(self, _: &[u8]) -> Result<(), CellError> {
        Err(CellError(format!("`{}` is bytes", self.prefix)))
    }
    fn serialize_none(self) -> Result<(), CellError> {
        self.push(Cell::Null)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> Result<(), CellError> {
        v.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), CellError> {
        self.push(Cell::Null)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), CellError> {
        self.push(Cell::Null)
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), CellError> {
        self.push(Cell::Str(variant.to_string()))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        v: &T,
    ) -> Result<(), CellError> {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), CellError> {
        Err(CellError(format!("`{}` is an enum with data", self.prefix)))
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, CellError> {
        Err(CellError(format!("`{}` is a sequence", self.prefix)))
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, CellError> {
        Err(CellError(format!("`{}` is a tuple", self.prefix)))
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, CellError> {
        Err(CellError(format!("`{}` is a tuple struct", self.prefix)))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, CellError> {
        Err(CellError(format!("`{}` is a tuple variant", self.prefix)))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, CellError> {
        Err(CellError(format!("`{}` is a map", self.prefix)))
    }
    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, CellError> {
        Ok(StructFlattener {
            prefix: self.prefix,
            out: self.out,
        })
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, CellError> {
        Err(CellError(format!("`{}` is a struct variant", self.prefix)))
    }
}

fn float(v: f64) -> Cell {
    if v.is_finite() {
        Cell::F64(v)
    } else {
        Cell::Null
    }
}

struct StructFlattener<'a> {
    prefix: String,
    out: &'a mut Vec<(String, Cell)>,
}

impl SerializeStruct for StructFlattener<'_> {
    type Ok = ();
    type Error = CellError;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        v: &T,
    ) -> Result<(), CellError> {
        let prefix = if self.prefix.is_empty() {
            key.to_string()
        } else {
            format!("{}_{key}", self.prefix)
        };
        v.serialize(Flattener {
            prefix,
            out: self.out,
        })
    }

    fn skip_field(&mut self, _: &'static str) -> Result<(), CellError> {
        Ok(())
    }

    fn end(self) -> Result<(), CellError> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Inner {
        fees: f64,
    }

    #[derive(Serialize)]
    #[serde(rename_all = "snake_case")]
    enum Kind {
        RegT,
    }

    #[derive(Serialize)]
    struct Outer {
        cagr: f64,
        calls: u32,
        worst: Option<f64>,
        inner: Inner,
        mode: Kind,
        nan: f64,
    }

    #[test]
    fn struct_fields_flatten_in_order_with_kinds() {
        let cells = to_cells(&Outer {
            cagr: 0.07,
            calls: 3,
            worst: None,
            inner: Inner { fees: -12.5 },
            mode: Kind::RegT,
            nan: f64::NAN,
        })
        .unwrap();
        assert_eq!(
            cells,
            vec![
                ("cagr".into(), Cell::F64(0.07)),
                ("calls".into(), Cell::U64(3)),
                ("worst".into(), Cell::Null),
                ("inner_fees".into(), Cell::F64(-12.5)),
                ("mode".into(), Cell::Str("reg_t".into())),
                ("nan".into(), Cell::Null),
            ]
        );
    }

    #[test]
    fn a_zero_is_written_as_0_whatever_its_sign() {
        assert_eq!(Cell::F64(-0.0).to_text(), "0");
        assert_eq!(Cell::F64(0.0).to_text(), "0");
        assert_eq!(Cell::F64(-0.25).to_text(), "-0.25");
    }

    #[test]
    fn cells_round_trip_through_json_keeping_kinds() {
        let cells = vec![Cell::U64(3), Cell::F64(1.0), Cell::F64(0.1), Cell::Null];
        let text = serde_json::to_string(&cells).unwrap();
        assert_eq!(text, "[3,1.0,0.1,null]");
        let back: Vec<Cell> = serde_json::from_str(&text).unwrap();
        assert_eq!(back, cells);
    }
}
