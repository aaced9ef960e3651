//! How a config parameter is declared: once, next to its field.
//!
//! [`param_table!`](crate::param_table) declares a config table: each field with its doc
//! comment (the meaning), its default and optionally its accepted
//! [`Range`](crate::params::Range) (checked only `when` a condition on the table holds) and
//! a `rule` text describing a cross-field rule checked by the table's `#[rules(..)]`
//! function in [`crate::params::validate`]. From that one declaration it derives the struct
//! (serde, `deny_unknown_fields`, `default`), its `Default` impl, its range checks (each
//! error keyed by the field's serde path) and its rows of `docs/config-reference.md`.
//! [`param_enum!`](crate::param_enum) does the same for a choice of names.
//!
//! [`Param`] is what every value type of a config key implements: numbers, flags, strings,
//! paths, options, lists, maps, the declared tables and enums, and (by hand) the few types
//! declared elsewhere.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::ParamError;

/// One row of the config reference: a dotted key and what it accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamDoc {
    /// Dotted key (`condor.short_delta`; `[]` marks the elements of a list:
    /// `hedge.layers[].target_dte`; `<name>` a key of your choice).
    pub key: String,
    /// Value type as a user writes it (`number`, `integer`, `one of "both", "put"`).
    pub kind: String,
    /// Default as TOML (`0.16`, `"both"`); empty when unset by default or required.
    pub default: String,
    /// Accepted values; empty when the type says it all.
    pub range: String,
    /// Meaning (the field's doc comment, lines joined).
    pub meaning: String,
    /// For a choice of names: each name with its meaning.
    pub choices: Vec<(String, String)>,
}

impl ParamDoc {
    /// A row for a value of type `T` at `key`.
    pub fn of<T: Param>(key: String, default: &T, range: String, meaning: &str) -> Self {
        ParamDoc {
            key,
            kind: T::kind(),
            default: default.show(),
            range,
            meaning: join_doc(meaning),
            choices: T::choices()
                .into_iter()
                .map(|(n, m)| (n.to_string(), join_doc(m)))
                .collect(),
        }
    }
}

/// Doc-comment lines (each with its leading space) as one paragraph.
pub fn join_doc(doc: &str) -> String {
    doc.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// `prefix.name`, or `name` at the root.
pub fn join_key(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_string()
    } else {
        format!("{prefix}.{name}")
    }
}

/// A type a config key can hold.
pub trait Param {
    /// The type as the reference names it (`number`, `table`, `list of integer`).
    fn kind() -> String;

    /// This value written as TOML for the reference's default column; empty when unset.
    fn show(&self) -> String;

    /// The value as a number, for [`Range`](crate::params::Range) checks; `None` when not a
    /// number or unset.
    fn number(&self) -> Option<f64> {
        None
    }

    /// Accepted names with their meanings (enums); empty otherwise.
    fn choices() -> Vec<(&'static str, &'static str)> {
        Vec::new()
    }

    /// Reference rows of the keys inside this value (tables: their fields) under `prefix`,
    /// with the defaults of `value` (`None`: of the type's own default).
    fn rows(_value: Option<&Self>, _prefix: &str, _out: &mut Vec<ParamDoc>) {}

    /// Range checks of the keys inside this value, keyed under `prefix`.
    fn check(&self, _prefix: &str, _out: &mut Vec<ParamError>) {}
}

macro_rules! number_param {
    ($($t:ty => $kind:literal),* $(,)?) => {$(
        impl Param for $t {
            fn kind() -> String {
                $kind.to_string()
            }
            fn show(&self) -> String {
                format!("{self:?}")
            }
            // Config integers are far below 2^53: exact as f64.
            #[allow(clippy::cast_precision_loss)]
            fn number(&self) -> Option<f64> {
                Some(*self as f64)
            }
        }
    )*};
}

number_param!(f64 => "number", u32 => "integer", u64 => "integer", usize => "integer");

impl Param for bool {
    fn kind() -> String {
        "boolean".into()
    }
    fn show(&self) -> String {
        self.to_string()
    }
}

impl Param for String {
    fn kind() -> String {
        "string".into()
    }
    fn show(&self) -> String {
        format!("{self:?}")
    }
}

impl Param for PathBuf {
    fn kind() -> String {
        "path".into()
    }
    fn show(&self) -> String {
        format!("{:?}", self.display().to_string())
    }
}

impl<T: Param> Param for Option<T> {
    fn kind() -> String {
        T::kind()
    }
    fn show(&self) -> String {
        self.as_ref().map_or(String::new(), Param::show)
    }
    fn number(&self) -> Option<f64> {
        self.as_ref().and_then(Param::number)
    }
    fn choices() -> Vec<(&'static str, &'static str)> {
        T::choices()
    }
    fn rows(value: Option<&Self>, prefix: &str, out: &mut Vec<ParamDoc>) {
        T::rows(value.and_then(Option::as_ref), prefix, out);
    }
    fn check(&self, prefix: &str, out: &mut Vec<ParamError>) {
        if let Some(v) = self {
            v.check(prefix, out);
        }
    }
}

impl<T: Param> Param for Vec<T> {
    fn kind() -> String {
        format!("list of {}", T::kind())
    }
    fn show(&self) -> String {
        let items: Vec<String> = self.iter().map(Param::show).collect();
        format!("[{}]", items.join(", "))
    }
    fn choices() -> Vec<(&'static str, &'static str)> {
        T::choices()
    }
    /// An element added to the list takes the element type's defaults.
    fn rows(_value: Option<&Self>, prefix: &str, out: &mut Vec<ParamDoc>) {
        T::rows(None, &format!("{prefix}[]"), out);
    }
    fn check(&self, prefix: &str, out: &mut Vec<ParamError>) {
        for (i, v) in self.iter().enumerate() {
            v.check(&format!("{prefix}[{i}]"), out);
        }
    }
}

impl<T: Param> Param for BTreeMap<String, T> {
    fn kind() -> String {
        format!("table of {}", T::kind())
    }
    fn show(&self) -> String {
        let items: Vec<String> = self
            .iter()
            .map(|(k, v)| format!("{k} = {}", v.show()))
            .collect();
        format!("{{ {} }}", items.join(", "))
    }
    fn rows(_value: Option<&Self>, prefix: &str, out: &mut Vec<ParamDoc>) {
        T::rows(None, &format!("{prefix}.<name>"), out);
    }
    fn check(&self, prefix: &str, out: &mut Vec<ParamError>) {
        for (k, v) in self {
            v.check(&join_key(prefix, k), out);
        }
    }
}

/// A numeric value type: a [`Range`](crate::params::Range) may be declared on it (checked at
/// compile time by [`param_table!`](crate::param_table)).
pub trait Numeric: Param {}

impl Numeric for f64 {}
impl Numeric for u32 {}
impl Numeric for u64 {}
impl Numeric for usize {}
impl<T: Numeric> Numeric for Option<T> {}

/// Compiles only for a [`Numeric`] `T`: a range declared on another type is an error.
pub const fn assert_numeric<T: Numeric>() {}

/// Declare a config table: every field with its meaning (doc comment), default, and
/// optionally its accepted range, the condition under which the range applies and the text
/// of a cross-field rule; `#[rules(path)]` names the function checking the table's
/// cross-field rules after its ranges. See [`crate::params::table`].
///
/// ```text
/// param_table! {
///     /// The table's meaning.
///     #[derive(Debug, Clone, PartialEq)]
///     #[rules(check_example)]
///     pub struct Example {
///         /// What the key means.
///         pub key: f64 = 0.5,
///             range: Range::new("a fraction", Incl(0.0), Incl(1.0)),
///             when: |t| t.enabled,
///             rule: "below `other`";
///         /// Switch.
///         pub enabled: bool = true;
///     }
/// }
/// ```
///
/// The struct gets `serde::{Serialize, Deserialize}` with `deny_unknown_fields` and
/// `default`, a `Default` impl from the given defaults, and an impl of [`Param`] whose
/// `check` tests each range (errors keyed `prefix.key`) and whose `rows` list the reference.
#[macro_export]
macro_rules! param_table {
    (
        $(#[doc = $doc:literal])*
        #[derive($($derive:path),* $(,)?)]
        $(#[rules($rules:path)])?
        pub struct $name:ident {
            $(
                $(#[doc = $fdoc:literal])*
                pub $field:ident : $ty:ty = $default:expr
                    $(, range: $range:expr)?
                    $(, when: $when:expr)?
                    $(, rule: $rule:expr)?
                ;
            )*
        }
    ) => {
        $(#[doc = $doc])*
        #[derive($($derive),*, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(deny_unknown_fields, default)]
        pub struct $name {
            $(
                $(#[doc = $fdoc])*
                pub $field: $ty,
            )*
        }

        impl ::std::default::Default for $name {
            fn default() -> Self {
                Self {
                    $($field: $default,)*
                }
            }
        }

        impl $crate::params::Param for $name {
            fn kind() -> String {
                "table".to_string()
            }

            fn show(&self) -> String {
                let fields: Vec<String> = [
                    $((stringify!($field), $crate::params::Param::show(&self.$field)),)*
                ]
                .into_iter()
                .filter(|(_, v)| !v.is_empty())
                .map(|(k, v)| format!("{k} = {v}"))
                .collect();
                format!("{{ {} }}", fields.join(", "))
            }

            fn rows(
                value: Option<&Self>,
                prefix: &str,
                out: &mut Vec<$crate::params::ParamDoc>,
            ) {
                let own;
                let defaults = match value {
                    Some(v) => v,
                    None => {
                        own = Self::default();
                        &own
                    }
                };
                $(
                    let key = $crate::params::table::join_key(prefix, stringify!($field));
                    #[allow(unused_mut)]
                    let mut range: Vec<String> = Vec::new();
                    $(
                        const { $crate::params::table::assert_numeric::<$ty>() };
                        range.push($crate::params::Range::describe(&$range));
                    )?
                    $(range.push(::std::string::ToString::to_string(&$rule));)?
                    out.push($crate::params::ParamDoc::of(
                        key.clone(),
                        &defaults.$field,
                        range.join("; "),
                        concat!($($fdoc, "\n",)* ""),
                    ));
                    <$ty as $crate::params::Param>::rows(Some(&defaults.$field), &key, out);
                )*
            }

            fn check(&self, prefix: &str, out: &mut Vec<$crate::params::ParamError>) {
                $(
                    let applies = true $(&& {
                        let when: fn(&Self) -> bool = $when;
                        when(self)
                    })?;
                    if applies {
                        let key = $crate::params::table::join_key(prefix, stringify!($field));
                        $(
                            let range: $crate::params::Range = $range;
                            if let Some(v) = $crate::params::Param::number(&self.$field) {
                                if !range.accepts(v) {
                                    out.push($crate::params::ParamError {
                                        key: key.clone(),
                                        message: range.message(v),
                                    });
                                }
                            }
                        )?
                        $crate::params::Param::check(&self.$field, &key, out);
                    }
                )*
                $($rules(self, prefix, out);)?
            }
        }
    };
}

/// Declare a choice of names (a unit enum) for a config key: each variant with its meaning
/// (doc comment) and its name in the config. Derives serde with exactly those names and an
/// impl of [`Param`] listing them for the reference.
#[macro_export]
macro_rules! param_enum {
    (
        $(#[doc = $doc:literal])*
        pub enum $name:ident {
            $(
                $(#[doc = $vdoc:literal])*
                $variant:ident = $text:literal,
            )*
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, ::serde::Serialize, ::serde::Deserialize,
        )]
        pub enum $name {
            $(
                $(#[doc = $vdoc])*
                #[serde(rename = $text)]
                $variant,
            )*
        }

        impl $name {
            /// Every choice, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The name of this choice in the config.
            pub fn name(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)*
                }
            }
        }

        impl $crate::params::Param for $name {
            fn kind() -> String {
                let names: Vec<String> = [$($text),*].iter().map(|n| format!("\"{n}\"")).collect();
                format!("one of {}", names.join(", "))
            }

            fn show(&self) -> String {
                format!("\"{}\"", self.name())
            }

            fn choices() -> Vec<(&'static str, &'static str)> {
                vec![$(($text, concat!($($vdoc, "\n",)* ""))),*]
            }
        }
    };
}
