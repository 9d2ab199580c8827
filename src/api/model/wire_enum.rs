//! The `wire_enum!` macro behind every string enumeration of the API (POSTPOST_API.md §1.6,
//! §2): known values as variants, anything else kept as `Other(String)` so that a status or
//! platform name this client does not know is shown as the server sent it, never rejected.

/// Declares a string enum with known variants plus `Other(String)` for values this client does
/// not know, which are shown as sent rather than rejected. Serialization writes the wire string
/// back unchanged.
macro_rules! wire_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $wire:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $(#[doc = concat!("`", $wire, "`")] $variant,)+
            /// A value this client does not know, kept exactly as the server sent it.
            Other(String),
        }

        impl $name {
            /// Every known value, in the spec's order.
            pub const KNOWN: &'static [$name] = &[$($name::$variant),+];

            /// The wire string.
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $wire,)+
                    $name::Other(other) => other,
                }
            }

            /// Reads a wire string; never fails (unknown values become `Other`).
            pub fn from_wire(text: &str) -> Self {
                match text {
                    $($wire => $name::$variant,)+
                    other => $name::Other(other.to_string()),
                }
            }

            /// True for values the spec names.
            pub fn is_known(&self) -> bool {
                !matches!(self, $name::Other(_))
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                Ok(match value {
                    ::serde_json::Value::String(text) => $name::from_wire(&text),
                    ::serde_json::Value::Null => $name::Other(String::new()),
                    other => $name::Other(other.to_string()),
                })
            }
        }
    };
}

pub(super) use wire_enum;
