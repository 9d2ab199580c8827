//! The forgiving readers behind every answer type (POSTPOST_API.md §1, §3, §5): `null` read as
//! absence, odd JSON kept as text, and lists read item by item so that one unreadable entry is
//! skipped and counted instead of failing its whole page.

use serde::{Deserialize, Deserializer};

/// Deserializes `null` as the type's default (serde's `default` only covers absence).
pub fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// Deserializes a list leniently: `null`/absent is empty, and items that do not parse are dropped
/// (a single odd platform entry must not hide its post).
pub(super) fn lenient_vec<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    let value = Option::<serde_json::Value>::deserialize(deserializer)?;
    Ok(match value {
        Some(serde_json::Value::Array(items)) => items
            .into_iter()
            .filter_map(|item| serde_json::from_value(item).ok())
            .collect(),
        _ => Vec::new(),
    })
}

/// Deserializes optional text leniently: a string is kept, `null` or absence is `None`, and any
/// other JSON value is kept as its JSON text (a server that sends an object where the spec says
/// string must not fail the entry).
pub(super) fn lenient_text<'de, D>(deserializer: D) -> Result<Option<String>, D::Error>
where
    D: Deserializer<'de>,
{
    Ok(
        match Option::<serde_json::Value>::deserialize(deserializer)? {
            None | Some(serde_json::Value::Null) => None,
            Some(serde_json::Value::String(text)) => Some(text),
            Some(other) => Some(other.to_string()),
        },
    )
}

/// Deserializes an optional integer leniently: numbers (integral or not) and numeric strings
/// are read, anything else is `None`.
pub(super) fn lenient_int<'de, D>(deserializer: D) -> Result<Option<i64>, D::Error>
where
    D: Deserializer<'de>,
{
    Ok(
        match Option::<serde_json::Value>::deserialize(deserializer)? {
            Some(serde_json::Value::Number(n)) => {
                n.as_i64().or_else(|| n.as_f64().map(|f| f as i64))
            }
            Some(serde_json::Value::String(text)) => text.trim().parse().ok(),
            _ => None,
        },
    )
}

/// What [`lenient_array`] read: the items that parsed, how many did not, and the whole object.
pub(super) struct LenientArray<T> {
    pub(super) items: Vec<T>,
    pub(super) skipped: usize,
    pub(super) object: serde_json::Map<String, serde_json::Value>,
}

/// Reads `body` as a JSON object holding an array named `field`, item by item: items that parse
/// are kept, the others counted. Shared by the list answers (§3.1, §3.6, §5.1) so that one
/// unreadable entry never fails the whole answer.
pub(super) fn lenient_array<T: serde::de::DeserializeOwned>(
    body: &[u8],
    field: &str,
) -> Result<LenientArray<T>, String> {
    let value: serde_json::Value =
        serde_json::from_slice(body).map_err(|error| format!("body is not JSON: {error}"))?;
    let serde_json::Value::Object(object) = value else {
        return Err("body is JSON but not an object".to_string());
    };
    let items = object
        .get(field)
        .and_then(serde_json::Value::as_array)
        .ok_or_else(|| format!("body has no {field:?} array"))?;
    let mut kept = Vec::with_capacity(items.len());
    let mut skipped = 0;
    for item in items {
        match T::deserialize(item) {
            Ok(entry) => kept.push(entry),
            Err(_) => skipped += 1,
        }
    }
    Ok(LenientArray {
        items: kept,
        skipped,
        object,
    })
}
