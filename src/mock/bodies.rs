//! The request bodies the mock reads: create-post (POSTPOST_API.md §3.3) and update-post
//! (§3.4), checked the way the real Express server checks them (JavaScript truthiness, strings
//! coerced, the documented order of checks and its literal error texts from
//! `api::model::error_text`).
//!
//! Data flow: `mock::routes` hands the raw body here before it touches the store. The client's
//! typed request ([`UpdatePostRequest`]) would refuse or silently drop some of the bodies the
//! real server answers with a specific 400, so the mock reads JSON values by hand; a valid
//! update-post body still comes out as the same [`UpdatePostRequest`] the client sends, which
//! the store then applies, so the two cannot drift.

use chrono::Utc;
use serde_json::Value;

use crate::api::model::{
    PostStatus, UpdatePostRequest, error_text, is_valid_platform_id, parse_instant,
};

/// `error` text for a create-post or update-post body that is not JSON, or not a JSON object
/// [INF: the docs do not say; Express's body parser would answer an HTML 400].
pub const INVALID_JSON_BODY: &str = "Invalid JSON body";

/// Reads a request body as a JSON object: empty → `{}`; not JSON or not an object → `None`.
pub(super) fn json_object(body: &[u8]) -> Option<serde_json::Map<String, Value>> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Some(serde_json::Map::new());
    }
    match serde_json::from_slice(body) {
        Ok(Value::Object(map)) => Some(map),
        _ => None,
    }
}

/// JavaScript truthiness of a JSON value.
fn truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0 && !f.is_nan()),
        Value::String(s) => !s.is_empty(),
        Value::Array(_) | Value::Object(_) => true,
    }
}

/// A validated create-post body.
pub(super) struct NewPost {
    pub(super) content: String,
    pub(super) platforms: Vec<String>,
    pub(super) scheduled_time: Option<chrono::DateTime<Utc>>,
}

/// The §3.3 checks in order content → platforms → scheduledTime → platformSettings [INF order].
pub(super) fn validate_create(body: &serde_json::Map<String, Value>) -> Result<NewPost, String> {
    let field = |name: &str| body.get(name).unwrap_or(&Value::Null);

    // content: falsy or whitespace-only → 400; other truthy non-strings pass (kept as JSON text).
    let content = match field("content") {
        Value::String(text) if !text.trim().is_empty() => text.clone(),
        other if truthy(other) && !other.is_string() => other.to_string(),
        _ => return Err(error_text::CONTENT_REQUIRED.into()),
    };

    let platforms_value = field("platforms");
    if !truthy(platforms_value) {
        return Err(error_text::PLATFORMS_REQUIRED.into());
    }
    let parsed;
    let platforms_value = match platforms_value {
        Value::String(text) => {
            parsed = serde_json::from_str::<Value>(text)
                .map_err(|_| error_text::INVALID_PLATFORMS_JSON.to_string())?;
            &parsed
        }
        other => other,
    };
    let Value::Array(items) = platforms_value else {
        return Err(error_text::PLATFORMS_MUST_BE_ARRAY.into());
    };
    if items.is_empty() {
        return Err(error_text::AT_LEAST_ONE_PLATFORM.into());
    }
    let mut platforms = Vec::with_capacity(items.len());
    for item in items {
        // JavaScript's regex.test coerces non-strings to text.
        let text = match item {
            Value::String(text) => text.clone(),
            other => other.to_string(),
        };
        if !is_valid_platform_id(&text) {
            return Err(format!("{}{text}", error_text::INVALID_PLATFORM_ID_PREFIX));
        }
        platforms.push(text);
    }

    let scheduled_time = match field("scheduledTime") {
        value if !truthy(value) => None,
        Value::String(text) => {
            let instant = parse_instant(text)
                .ok_or_else(|| error_text::INVALID_SCHEDULED_TIME.to_string())?;
            Some(instant.max(Utc::now()))
        }
        _ => return Err(error_text::INVALID_SCHEDULED_TIME.into()),
    };

    if let Some(settings) = body.get("platformSettings") {
        let parsed_settings;
        let settings = match settings {
            Value::String(text) => {
                parsed_settings = serde_json::from_str::<Value>(text)
                    .map_err(|_| error_text::INVALID_PLATFORM_SETTINGS_JSON.to_string())?;
                &parsed_settings
            }
            other => other,
        };
        if !settings.is_object() {
            return Err(error_text::PLATFORM_SETTINGS_MUST_BE_OBJECT.into());
        }
    }

    Ok(NewPost {
        content,
        platforms,
        scheduled_time,
    })
}

/// The §3.4 checks of an update-post body, in the [INF] order: 400
/// [`error_text::EITHER_REQUIRED`] when `status` and `scheduledTime` are both JS-falsy; 400
/// [`error_text::BAD_UPDATE_STATUS`] for a truthy `status` other than `draft` or `scheduled`;
/// 400 [`error_text::INVALID_SCHEDULED_TIME`] for a truthy `scheduledTime` that is not a
/// parseable string. The time comes back as sent; raising a past time to now is the caller's.
///
/// # Errors
/// The literal `error` text of the 400.
pub(super) fn read_update(
    body: &serde_json::Map<String, Value>,
) -> Result<UpdatePostRequest, &'static str> {
    let status_value = body.get("status").unwrap_or(&Value::Null);
    let time_value = body.get("scheduledTime").unwrap_or(&Value::Null);
    if !truthy(status_value) && !truthy(time_value) {
        return Err(error_text::EITHER_REQUIRED);
    }
    let status = match status_value {
        value if !truthy(value) => None,
        Value::String(text) if text == "draft" => Some(PostStatus::Draft),
        Value::String(text) if text == "scheduled" => Some(PostStatus::Scheduled),
        _ => return Err(error_text::BAD_UPDATE_STATUS),
    };
    let scheduled_time = match time_value {
        value if !truthy(value) => None,
        Value::String(text) => Some(parse_instant(text).ok_or(error_text::INVALID_SCHEDULED_TIME)?),
        _ => return Err(error_text::INVALID_SCHEDULED_TIME),
    };
    Ok(UpdatePostRequest {
        status,
        scheduled_time,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn platform_id_check_matches_the_documented_regex() {
        for good in [
            "twitter-123",
            "linkedin-Tz9W5i6ZYG",
            "telegram--100123",
            "x-a_b-c",
        ] {
            assert!(is_valid_platform_id(good), "{good}");
        }
        for bad in [
            "twitter",
            "twitter-",
            "-123",
            "Twitter-123",
            "bluesky-did:plc:abc123",
            "twitter 123",
            "tw1tter-1",
        ] {
            assert!(!is_valid_platform_id(bad), "{bad}");
        }
    }

    #[test]
    fn create_validation_order_and_texts() {
        let check = |body: serde_json::Value| match body {
            Value::Object(map) => validate_create(&map).err(),
            _ => None,
        };
        use serde_json::json;
        assert_eq!(
            check(json!({"content": "  ", "platforms": 5})).as_deref(),
            Some(error_text::CONTENT_REQUIRED)
        );
        assert_eq!(
            check(json!({"content": "hi", "platforms": "[oops"})).as_deref(),
            Some(error_text::INVALID_PLATFORMS_JSON)
        );
        assert_eq!(
            check(
                json!({"content": "hi", "platforms": "[\"twitter-1\"]", "scheduledTime": "nope"})
            )
            .as_deref(),
            Some(error_text::INVALID_SCHEDULED_TIME)
        );
        assert_eq!(
            check(json!({"content": "hi", "platforms": ["twitter-1"], "platformSettings": null}))
                .as_deref(),
            Some(error_text::PLATFORM_SETTINGS_MUST_BE_OBJECT)
        );
        assert_eq!(
            check(
                json!({"content": "hi", "platforms": ["twitter-1"], "platformSettings": "{\"tiktok\":{}}"})
            ),
            None
        );
    }

    #[test]
    fn update_bodies_the_client_sends_read_back_as_sent() {
        let at = parse_instant("2026-03-15T14:30:00.250Z").expect("time");
        for request in [
            UpdatePostRequest {
                status: Some(PostStatus::Draft),
                scheduled_time: None,
            },
            UpdatePostRequest {
                status: None,
                scheduled_time: Some(at),
            },
            UpdatePostRequest {
                status: Some(PostStatus::Scheduled),
                scheduled_time: Some(at),
            },
        ] {
            let Value::Object(body) = serde_json::to_value(&request).expect("serializes") else {
                panic!("an update-post body is a JSON object");
            };
            assert_eq!(read_update(&body), Ok(request));
        }
        let Value::Object(empty) =
            serde_json::to_value(UpdatePostRequest::default()).expect("serializes")
        else {
            panic!("an update-post body is a JSON object");
        };
        assert_eq!(read_update(&empty), Err(error_text::EITHER_REQUIRED));
    }

    #[test]
    fn update_checks_follow_javascript_truthiness() {
        use serde_json::json;
        let check = |body: Value| match body {
            Value::Object(map) => read_update(&map),
            _ => unreachable!("object literals only"),
        };
        assert_eq!(
            check(json!({"status": "", "scheduledTime": 0})),
            Err(error_text::EITHER_REQUIRED)
        );
        assert_eq!(
            check(json!({"status": "published"})),
            Err(error_text::BAD_UPDATE_STATUS)
        );
        assert_eq!(
            check(json!({"status": "draft", "scheduledTime": 5})),
            Err(error_text::INVALID_SCHEDULED_TIME)
        );
        assert_eq!(
            check(json!({"status": "draft", "scheduledTime": null})),
            Ok(UpdatePostRequest {
                status: Some(PostStatus::Draft),
                scheduled_time: None,
            })
        );
    }
}
