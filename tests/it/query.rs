//! The query language (DESIGN §8): every term kind, every error, the printed form reading back
//! to the same query, random input never panicking, and the matcher (and the TUI's view built
//! with it) agreeing with a reference implementation written here over generated posts whose
//! times carry several UTC offsets, or are missing, or unreadable.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use postpost_tui::api::model::{Platform, PostStatus, PostSummary};
use postpost_tui::app::query::{Query, Subject, Term, TimeOp, search_key};
use postpost_tui::app::state::PostList;
use postpost_tui::protocol::LoadSeq;
use postpost_tui::time::TimeZoneChoice;
use proptest::prelude::*;

const UTC: TimeZoneChoice = TimeZoneChoice::Utc;

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-12-01T12:00:00Z")
        .expect("now")
        .with_timezone(&Utc)
}

fn parse(text: &str) -> Query {
    Query::parse(text, now(), UTC).unwrap_or_else(|error| panic!("{text:?}: {error}"))
}

fn error(text: &str) -> String {
    match Query::parse(text, now(), UTC) {
        Ok(query) => panic!("{text:?} parsed as {query:?}"),
        Err(error) => error.to_string(),
    }
}

fn ms(text: &str) -> i64 {
    DateTime::parse_from_rfc3339(text)
        .expect("instant")
        .timestamp_millis()
}

#[test]
fn every_term_kind_parses() {
    let query = parse(
        r#"launch "launch day" -promo -"big sale" status:failed,PARTIALLY_published -status:draft platform:twitter,linkedin -platform:mastodon created:<30d scheduled:>2026-11-01 updated:<+7d created:2026-11-15 scheduled:<"2026-11-01 09:30" has:media -has:media"#,
    );
    let terms = query.terms();
    assert_eq!(terms.len(), 15, "{terms:#?}");
    let Term::Text(word) = &terms[1] else {
        panic!("{:?}", terms[1])
    };
    assert_eq!((word.text.as_str(), word.negated), ("launch day", false));
    let Term::Text(word) = &terms[3] else {
        panic!("{:?}", terms[3])
    };
    assert_eq!((word.needle.as_str(), word.negated), ("big sale", true));
    assert_eq!(
        terms[4],
        Term::Status {
            negated: false,
            values: vec![PostStatus::Failed, PostStatus::PartiallyPublished]
        }
    );
    assert_eq!(
        terms[7],
        Term::Platform {
            negated: true,
            values: vec![Platform::Mastodon]
        }
    );
    let Term::Time(age) = &terms[8] else {
        panic!("{:?}", terms[8])
    };
    assert_eq!(age.op, TimeOp::Before);
    assert_eq!(age.at_ms, ms("2026-11-01T12:00:00Z"), "30 days before now");
    let Term::Time(date) = &terms[9] else {
        panic!()
    };
    assert_eq!(
        (date.op, date.at_ms),
        (TimeOp::After, ms("2026-11-01T00:00:00Z"))
    );
    let Term::Time(ahead) = &terms[10] else {
        panic!()
    };
    assert_eq!(ahead.at_ms, ms("2026-12-08T12:00:00Z"), "+7d is ahead");
    let Term::Time(day) = &terms[11] else {
        panic!()
    };
    assert_eq!(
        (day.op, day.at_ms, day.until_ms),
        (
            TimeOp::On,
            ms("2026-11-15T00:00:00Z"),
            ms("2026-11-16T00:00:00Z")
        )
    );
    let Term::Time(clock) = &terms[12] else {
        panic!()
    };
    assert_eq!(clock.at_ms, ms("2026-11-01T09:30:00Z"));
    assert_eq!(terms[13], Term::HasMedia { negated: false });
    assert_eq!(terms[14], Term::HasMedia { negated: true });
}

#[test]
fn other_forms_of_times_and_words() {
    // The clock time may follow the date unquoted, or join it with T; ages add up; weeks.
    assert_eq!(
        parse("created:<2026-11-01 09:30"),
        parse("created:<\"2026-11-01 09:30\"")
    );
    assert_eq!(
        parse("created:<2026-11-01T09:30"),
        parse("created:<\"2026-11-01 09:30\"")
    );
    let at = |text: &str| match &parse(text).terms()[0] {
        Term::Time(time) => time.at_ms,
        other => panic!("{other:?}"),
    };
    assert_eq!(at("created:<1w"), at("created:<7d"));
    let Term::Time(sum) = &parse("updated:>1d12h").terms()[0].clone() else {
        panic!()
    };
    assert_eq!(sum.at_ms, ms("2026-11-30T00:00:00Z"));
    let Term::Time(rfc) = &parse("scheduled:>2026-11-01T10:00:00+02:00").terms()[0].clone() else {
        panic!()
    };
    assert_eq!(rfc.at_ms, ms("2026-11-01T08:00:00Z"));
    // Duplicates are dropped; a quoted colon is text; a key is case-insensitive.
    assert_eq!(parse("a a").terms().len(), 1);
    assert!(matches!(
        &parse("\"status:failed\"").terms()[0],
        Term::Text(_)
    ));
    assert_eq!(parse("STATUS:Failed"), parse("status:failed"));
    assert_eq!(parse("  "), Query::default());
    // Escapes inside quotes.
    let Term::Text(text) = &parse(r#""say \"hi\" \\ there""#).terms()[0].clone() else {
        panic!()
    };
    assert_eq!(text.text, r#"say "hi" \ there"#);
    // A display zone other than UTC moves a date's midnight with it.
    let local = Query::parse("created:>2026-11-01", now(), TimeZoneChoice::Local).expect("parses");
    let Term::Time(term) = &local.terms()[0] else {
        panic!()
    };
    let midnight = NaiveDate::from_ymd_opt(2026, 11, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .expect("date");
    assert_eq!(
        Some(term.at_ms),
        TimeZoneChoice::Local
            .instant_of(midnight)
            .map(|t| t.timestamp_millis())
    );
}

#[test]
fn every_error_names_the_term_and_what_is_allowed() {
    let cases = [
        (
            "status:processing",
            "status:processing",
            "expected one of draft",
        ),
        ("status:", "status:", "needs a value"),
        ("status:failed,", "status:failed,", "needs a value"),
        (
            "platform:myspace",
            "platform:myspace",
            "expected one of twitter",
        ),
        ("-platform:", "-platform:", "needs a value"),
        ("has:video", "has:video", "only media"),
        ("created:", "created:", "needs a time"),
        ("created:<", "created:<", "needs a time"),
        ("created:<soon", "created:<soon", "use an age (30d"),
        ("created:<30", "created:<30", "use an age"),
        ("created:<30y", "created:<30y", "use an age"),
        ("created:30d", "created:30d", "needs < or >"),
        ("-created:<30d", "-created:<30d", "cannot be negated"),
        ("created:<99999999999w", "created:<99999999999w", "too far"),
        (
            "scheduled:2026-13-01",
            "scheduled:2026-13-01",
            "cannot read",
        ),
        ("stauts:failed", "stauts:failed", "unknown filter stauts:"),
        ("-", "-", "must be followed by"),
        ("\"\"", "\"\"", "empty phrase"),
        ("\"launch day", "\"launch day", "not closed"),
        ("a\u{7}b", "a", "control character"),
        (r#""a\nb""#, r#""a\nb""#, "escapes only"),
    ];
    for (text, term, expected) in cases {
        let message = error(text);
        assert!(
            message.starts_with(term) && message.contains(expected),
            "{text:?}: {message}"
        );
    }
    let many: Vec<String> = (0..70).map(|n| format!("w{n}")).collect();
    assert!(error(&many.join(" ")).contains("at most 64"));
}

#[test]
fn the_filter_bar_form_reads_as_the_issue_says() {
    let query = parse("status:failed platform:twitter created:<2026-11-01 -launch");
    assert_eq!(
        query.describe(),
        "status failed · platform twitter · created before 2026-11-01 · not \"launch\""
    );
    assert_eq!(
        parse("created:<30d scheduled:<+7d -has:media -status:draft updated:>2026-11-01")
            .describe(),
        "created more than 30d ago · scheduled before 7d from now · without media · status not draft · updated from 2026-11-01"
    );
}

#[test]
fn the_printed_form_reads_back_to_the_same_query() {
    for text in [
        r#"launch "launch day" -promo -"big sale" status:failed,partially_published"#,
        "-status:draft platform:twitter,linkedin -platform:mastodon has:media -has:media",
        r#"created:<30d scheduled:>2026-11-01 updated:<+7d created:2026-11-15 scheduled:<"2026-11-01 09:30""#,
        r#"updated:>1d12h scheduled:>2026-11-01T10:00:00+02:00 "a:b" "-x" "q\"uote" "back\\slash""#,
    ] {
        let query = parse(text);
        let printed = query.to_string();
        assert_eq!(parse(&printed), query, "{text} → {printed}");
    }
}

/// Strings made of the query language's own pieces, and anything else.
fn query_text() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        Just("status:".to_string()),
        Just("-".to_string()),
        Just("\"".to_string()),
        Just("\\".to_string()),
        Just(":".to_string()),
        Just(",".to_string()),
        Just("<".to_string()),
        Just(">".to_string()),
        Just("+".to_string()),
        Just("created:".to_string()),
        Just("has:media".to_string()),
        Just("2026-11-01".to_string()),
        Just("09:30".to_string()),
        Just("30d".to_string()),
        Just("99999999999999999999w".to_string()),
        Just(" ".to_string()),
        Just("\u{202e}".to_string()),
        "[a-z0-9 ]{0,6}",
        any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(pieces, 0..30).prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1024, ..ProptestConfig::default() })]

    /// Whatever is typed, parsing ends with a query or an error; a query prints back to itself.
    #[test]
    fn random_input_never_panics_and_queries_round_trip(text in query_text()) {
        if let Ok(query) = Query::parse(&text, now(), UTC) {
            let printed = query.to_string();
            prop_assert_eq!(Query::parse(&printed, now(), UTC), Ok(query.clone()), "{}", printed);
            let _ = query.describe();
        }
    }
}

// ---- the matcher against a reference implementation ----

/// One generated condition, in a form the reference below evaluates on its own.
#[derive(Debug, Clone)]
enum Cond {
    Word(bool, String),
    Status(bool, Vec<&'static str>),
    Platform(bool, Vec<&'static str>),
    /// field, before (else at-or-after), days ago (negative: ahead)
    Age(&'static str, bool, i64),
    /// field, before (else at-or-after), a day of November 2026 (UTC midnight)
    Date(&'static str, bool, u32),
    Media(bool),
}

const STATUSES: [&str; 5] = [
    "draft",
    "scheduled",
    "published",
    "failed",
    "partially_published",
];
const PLATFORMS: [&str; 4] = ["twitter", "linkedin", "mastodon", "bluesky"];
const FIELDS: [&str; 3] = ["created", "scheduled", "updated"];
const WORDS: [&str; 5] = ["launch", "sale", "Café", "day", "a"];

impl Cond {
    fn text(&self) -> String {
        let minus = |n: &bool| if *n { "-" } else { "" };
        match self {
            Self::Word(n, w) => format!("{}{w}", minus(n)),
            Self::Status(n, v) => format!("{}status:{}", minus(n), v.join(",")),
            Self::Platform(n, v) => format!("{}platform:{}", minus(n), v.join(",")),
            Self::Age(f, before, days) => {
                let op = if *before { '<' } else { '>' };
                if *days < 0 {
                    format!("{f}:{op}+{}d", -days)
                } else {
                    format!("{f}:{op}{days}d")
                }
            }
            Self::Date(f, before, day) => {
                format!("{f}:{}2026-11-{day:02}", if *before { '<' } else { '>' })
            }
            Self::Media(n) => format!("{}has:media", minus(n)),
        }
    }

    /// The reference: each condition computed the plain way from the JSON of the post.
    fn holds(&self, post: &serde_json::Value) -> bool {
        let text = format!(
            "{}\n{}",
            post["content"].as_str().unwrap_or("").to_lowercase(),
            post["postGroupId"].as_str().unwrap_or("").to_lowercase()
        );
        let time = |field: &str| {
            let key = match field {
                "created" => "createdAt",
                "scheduled" => "scheduledTime",
                _ => "updatedAt",
            };
            post[key]
                .as_str()
                .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
                .map(|t| t.with_timezone(&Utc))
        };
        match self {
            Self::Word(n, w) => text.contains(&w.to_lowercase()) != *n,
            Self::Status(n, v) => v.contains(&post["status"].as_str().unwrap_or("")) != *n,
            Self::Platform(n, v) => {
                let targets: Vec<&str> = post["platforms"]
                    .as_array()
                    .map(|a| a.iter().filter_map(|p| p["platform"].as_str()).collect())
                    .unwrap_or_default();
                v.iter().any(|p| targets.contains(p)) != *n
            }
            Self::Age(f, before, days) => time(f).is_some_and(|t| {
                let bound = now() - Duration::days(*days);
                if *before { t < bound } else { t >= bound }
            }),
            Self::Date(f, before, day) => time(f).is_some_and(|t| {
                let bound = NaiveDate::from_ymd_opt(2026, 11, *day)
                    .and_then(|d| d.and_hms_opt(0, 0, 0))
                    .expect("day")
                    .and_utc();
                if *before { t < bound } else { t >= bound }
            }),
            Self::Media(n) => post["mediaUrls"].as_array().is_some_and(|m| !m.is_empty()) != *n,
        }
    }
}

fn cond() -> impl Strategy<Value = Cond> {
    let subset = |all: &'static [&'static str]| {
        prop::sample::subsequence(all.to_vec(), 1..=2.min(all.len()))
    };
    prop_oneof![
        (any::<bool>(), prop::sample::select(WORDS.to_vec()))
            .prop_map(|(n, w)| Cond::Word(n, w.to_string())),
        (any::<bool>(), subset(&STATUSES)).prop_map(|(n, v)| Cond::Status(n, v)),
        (any::<bool>(), subset(&PLATFORMS)).prop_map(|(n, v)| Cond::Platform(n, v)),
        (
            prop::sample::select(FIELDS.to_vec()),
            any::<bool>(),
            -20i64..60
        )
            .prop_map(|(f, b, d)| Cond::Age(f, b, d)),
        (
            prop::sample::select(FIELDS.to_vec()),
            any::<bool>(),
            1u32..=30
        )
            .prop_map(|(f, b, d)| Cond::Date(f, b, d)),
        any::<bool>().prop_map(Cond::Media),
    ]
}

/// A time of Oct–Dec 2026 written with one of several UTC offsets, or missing, or unreadable.
fn time() -> impl Strategy<Value = Option<String>> {
    let offsets = prop::sample::select(vec!["Z", "+00:00", "+05:30", "-08:00", "+14:00", ".250Z"]);
    prop_oneof![
        1 => Just(None),
        1 => Just(Some("not a time".to_string())),
        6 => (0i64..(90 * 24 * 60), offsets).prop_map(|(minute, offset)| {
            let utc = DateTime::parse_from_rfc3339("2026-10-01T00:00:00Z").expect("start")
                .with_timezone(&Utc) + Duration::minutes(minute);
            Some(match offset {
                "Z" | ".250Z" => format!("{}{offset}", utc.format("%Y-%m-%dT%H:%M:%S")),
                _ => {
                    let off = chrono::FixedOffset::east_opt(match offset {
                        "+05:30" => 19_800,
                        "-08:00" => -28_800,
                        "+14:00" => 50_400,
                        _ => 0,
                    }).expect("offset");
                    utc.with_timezone(&off).to_rfc3339()
                }
            })
        }),
    ]
}

fn post() -> impl Strategy<Value = serde_json::Value> {
    (
        0u32..1_000_000,
        prop::option::of(prop::collection::vec(prop::sample::select(WORDS.to_vec()), 0..5)),
        prop::sample::select(STATUSES.to_vec()),
        prop::sample::subsequence(PLATFORMS.to_vec(), 0..=3),
        (time(), time(), time()),
        any::<bool>(),
    )
        .prop_map(|(n, words, status, platforms, (created, scheduled, updated), media)| {
            let platforms: Vec<_> = platforms
                .iter()
                .map(|p| serde_json::json!({"platformId": format!("{p}-1"), "platform": p, "status": "scheduled"}))
                .collect();
            let mut post = serde_json::json!({
                "postGroupId": format!("{n:024X}"),
                "status": status,
                "platforms": platforms,
                "mediaUrls": if media { vec!["https://m.example/a.png"] } else { vec![] },
            });
            if let Some(words) = words {
                post["content"] = serde_json::json!(words.join(" ").to_uppercase());
            }
            for (key, value) in [("createdAt", created), ("scheduledTime", scheduled), ("updatedAt", updated)] {
                if let Some(value) = value {
                    post[key] = serde_json::json!(value);
                }
            }
            post
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// `Query::matches`, its `Matcher`, and the TUI's view all choose exactly the posts the
    /// reference chooses.
    #[test]
    fn the_matcher_agrees_with_the_reference(
        conds in prop::collection::vec(cond(), 0..5),
        posts in prop::collection::vec(post(), 0..40),
    ) {
        let text: Vec<String> = conds.iter().map(Cond::text).collect();
        let text = text.join(" ");
        let query = Query::parse(&text, now(), UTC).map_err(|e| TestCaseError::fail(format!("{text}: {e}")))?;
        let matcher = query.matcher();
        let mut list = PostList::default();
        let mut expected = std::collections::BTreeSet::new();
        for json in &posts {
            let summary: PostSummary = serde_json::from_value(json.clone()).expect("post parses");
            let key = search_key(summary.content.as_deref());
            let subject = Subject::of(&summary, &key);
            let want = conds.iter().all(|c| c.holds(json));
            prop_assert_eq!(query.matches(&subject), want, "{} on {}", text, json);
            prop_assert_eq!(matcher.matches(&subject), want, "matcher: {} on {}", text, json);
            prop_assert_eq!(query.why_excluded(&subject, UTC).is_none(), want);
            if want {
                expected.insert(summary.post_group_id.clone());
            }
            list.upsert(summary, LoadSeq(1));
        }
        list.set_query(text.clone(), query);
        list.sync();
        let shown: std::collections::BTreeSet<_> = list.view_rows().map(|r| r.id().clone()).collect();
        prop_assert_eq!(shown, expected, "view for {}", text);
    }
}

#[test]
fn why_excluded_names_the_term() {
    let post: PostSummary = serde_json::from_value(serde_json::json!({
        "postGroupId": "66b0c0ffee00000000000a01",
        "content": "Launch week",
        "status": "failed",
        "createdAt": "2026-11-20T14:00:00Z",
        "platforms": [{"platformId": "twitter-1", "platform": "twitter", "status": "failed"}],
        "mediaUrls": []
    }))
    .expect("post");
    let key = search_key(post.content.as_deref());
    let subject = Subject::of(&post, &key);
    let why = |text: &str| parse(text).why_excluded(&subject, UTC);
    assert_eq!(
        why("status:failed twitter"),
        Some("twitter: its text does not contain \"twitter\"".into())
    );
    assert_eq!(
        why("status:failed -launch"),
        Some("-launch: its text contains \"launch\"".into())
    );
    assert_eq!(
        why("-status:failed"),
        Some("-status:failed: its status is failed".into())
    );
    assert_eq!(
        why("platform:linkedin"),
        Some("platform:linkedin: it targets twitter".into())
    );
    assert_eq!(
        why("created:<30d"),
        Some("created:<30d: it was created 2026-11-20 14:00".into())
    );
    assert_eq!(
        why("scheduled:>1d"),
        Some("scheduled:>1d: it has no scheduled time".into())
    );
    assert_eq!(why("has:media"), Some("has:media: it has no media".into()));
    assert_eq!(why("status:failed platform:twitter week"), None);
}

#[test]
fn server_filter_takes_only_what_list_posts_can_do() {
    let filter =
        parse("status:failed platform:twitter scheduled:>2026-11-01 scheduled:<2026-11-10")
            .server_filter();
    assert_eq!(filter.status, Some(PostStatus::Failed));
    assert_eq!(filter.platform, Some(Platform::Twitter));
    assert_eq!(filter.scheduled_from_ms, Some(ms("2026-11-01T00:00:00Z")));
    assert_eq!(filter.scheduled_to_ms, Some(ms("2026-11-10T00:00:00Z") - 1));
    // Several values, or a negation, cannot be sent: the local check does it all.
    let filter = parse("status:failed,draft -platform:twitter").server_filter();
    assert_eq!((filter.status, filter.platform), (None, None));
}
