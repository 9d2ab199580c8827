//! The numbers behind the stats screen: loaded posts counted per status and
//! per platform, and the scheduled posts counted per day over the coming weeks. Computed from
//! `AppState::rows` by [`Stats::compute`] only when the rows or the day change (the loop calls
//! `AppState::refresh_stats` before drawing the stats screen), never per frame.

use chrono::{Duration as DateDuration, NaiveDate};

use crate::api::model::{Platform, PostStatus};

use super::state::PostRow;

/// Days the per-day chart covers, today included: four weeks.
pub const DAYS: usize = 28;

/// Counts of the loaded posts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stats {
    /// Posts counted.
    pub total: usize,
    /// `(status, posts)`: every status of POSTPOST_API.md §2.1 in its order, then any other
    /// status the server sent, by name.
    pub by_status: Vec<(String, u64)>,
    /// `(platform, posts with a target there)`: every platform of §1.6 in its order, then any
    /// other platform the server sent. A post counts once per platform it targets.
    pub by_platform: Vec<(String, u64)>,
    /// The first day of `per_day`: today, in the display time zone.
    pub first_day: NaiveDate,
    /// Posts with status `scheduled` per day, `first_day` onwards; [`DAYS`] entries.
    pub per_day: Vec<u64>,
    /// Scheduled posts whose time is before today: due, waiting for the scheduler (§2.1).
    pub overdue: u64,
    /// Scheduled posts after the last day of `per_day`.
    pub later: u64,
    /// Scheduled posts without a readable `scheduledTime`.
    pub no_time: u64,
}

impl Stats {
    /// Counts `rows` (rows marked gone are skipped). `day_of` turns a time in milliseconds
    /// since the epoch into its day in the display time zone; `today` is that zone's today.
    pub fn compute(rows: &[PostRow], today: NaiveDate, day_of: impl Fn(i64) -> NaiveDate) -> Self {
        let mut status_counts = vec![0u64; PostStatus::KNOWN.len()];
        let mut platform_counts = vec![0u64; Platform::KNOWN.len()];
        let mut other_status: std::collections::BTreeMap<String, u64> = Default::default();
        let mut other_platform: std::collections::BTreeMap<String, u64> = Default::default();
        let mut per_day = vec![0u64; DAYS];
        let (mut overdue, mut later, mut no_time, mut total) = (0, 0, 0, 0);
        for row in rows.iter().filter(|row| !row.gone) {
            total += 1;
            let status = &row.post.status;
            match PostStatus::KNOWN.iter().position(|known| known == status) {
                Some(i) => status_counts[i] += 1,
                None => *other_status.entry(status.as_str().to_string()).or_default() += 1,
            }
            // Once per platform, however many targets the post has there.
            let mut seen = [false; Platform::KNOWN.len()];
            let mut seen_other: Vec<&str> = Vec::new();
            for target in &row.post.platforms {
                match Platform::KNOWN
                    .iter()
                    .position(|known| *known == target.platform)
                {
                    Some(i) if !seen[i] => {
                        seen[i] = true;
                        platform_counts[i] += 1;
                    }
                    Some(_) => {}
                    None => {
                        let name = target.platform.as_str();
                        if !seen_other.contains(&name) {
                            seen_other.push(name);
                            *other_platform.entry(name.to_string()).or_default() += 1;
                        }
                    }
                }
            }
            if *status != PostStatus::Scheduled {
                continue;
            }
            match row.scheduled_ms().map(&day_of) {
                None => no_time += 1,
                Some(day) if day < today => overdue += 1,
                Some(day) => {
                    let offset = usize::try_from((day - today).num_days()).unwrap_or(usize::MAX);
                    match per_day.get_mut(offset) {
                        Some(count) => *count += 1,
                        None => later += 1,
                    }
                }
            }
        }
        let by_status = PostStatus::KNOWN
            .iter()
            .map(|s| s.as_str().to_string())
            .zip(status_counts)
            .chain(other_status)
            .collect();
        let by_platform = Platform::KNOWN
            .iter()
            .map(|p| p.as_str().to_string())
            .zip(platform_counts)
            .chain(other_platform)
            .collect();
        Self {
            total,
            by_status,
            by_platform,
            first_day: today,
            per_day,
            overdue,
            later,
            no_time,
        }
    }

    /// The day of `per_day[index]`.
    pub fn day(&self, index: usize) -> NaiveDate {
        self.first_day + DateDuration::days(i64::try_from(index).unwrap_or(0))
    }

    /// Scheduled posts in the window.
    pub fn scheduled_in_window(&self) -> u64 {
        self.per_day.iter().sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::model::PostSummary;

    fn row(id: u32, status: &str, platforms: &[&str], scheduled: Option<&str>) -> PostRow {
        let targets: Vec<_> = platforms
            .iter()
            .enumerate()
            .map(|(i, name)| {
                serde_json::json!({"platformId": format!("{name}-{i}"), "platform": name, "status": "draft"})
            })
            .collect();
        let post: PostSummary = serde_json::from_value(serde_json::json!({
            "postGroupId": format!("{id:024x}"),
            "content": "x",
            "status": status,
            "scheduledTime": scheduled,
            "platforms": targets,
        }))
        .expect("test post parses");
        PostRow::new(post, crate::protocol::LoadSeq(1))
    }

    fn utc_day(ms: i64) -> NaiveDate {
        chrono::DateTime::from_timestamp_millis(ms)
            .unwrap_or_default()
            .date_naive()
    }

    fn count<'a>(pairs: &'a [(String, u64)], name: &str) -> Option<&'a u64> {
        pairs.iter().find(|(n, _)| n == name).map(|(_, c)| c)
    }

    #[test]
    fn counts_statuses_platforms_once_per_post_and_buckets_scheduled_days() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 29).expect("date");
        let mut gone = row(9, "draft", &["twitter"], None);
        gone.gone = true;
        let rows = vec![
            row(
                1,
                "scheduled",
                &["twitter", "twitter", "linkedin"],
                Some("2026-11-29T10:00:00Z"),
            ),
            row(2, "scheduled", &["linkedin"], Some("2026-11-30T23:59:00Z")),
            row(3, "scheduled", &["linkedin"], Some("2026-11-28T10:00:00Z")),
            row(4, "scheduled", &["myspace"], Some("2026-12-27T00:00:00Z")),
            row(5, "scheduled", &["bluesky"], Some("2026-12-26T23:59:59Z")),
            row(6, "scheduled", &["bluesky"], Some("garbage")),
            row(7, "published", &["bluesky"], Some("2026-11-29T10:00:00Z")),
            row(8, "archived", &[], None),
            gone,
        ];
        let stats = Stats::compute(&rows, today, utc_day);
        assert_eq!(stats.total, 8);
        assert_eq!(count(&stats.by_status, "scheduled"), Some(&6));
        assert_eq!(count(&stats.by_status, "published"), Some(&1));
        assert_eq!(
            count(&stats.by_status, "draft"),
            Some(&0),
            "the gone row is not counted"
        );
        assert_eq!(stats.by_status.last(), Some(&("archived".to_string(), 1)));
        assert_eq!(
            count(&stats.by_platform, "twitter"),
            Some(&1),
            "once per post"
        );
        assert_eq!(count(&stats.by_platform, "linkedin"), Some(&3));
        assert_eq!(count(&stats.by_platform, "bluesky"), Some(&3));
        assert_eq!(stats.by_platform.last(), Some(&("myspace".to_string(), 1)));
        assert_eq!(stats.by_platform.len(), Platform::KNOWN.len() + 1);
        assert_eq!(stats.per_day.len(), DAYS);
        assert_eq!(stats.per_day[0], 1, "today");
        assert_eq!(stats.per_day[1], 1, "tomorrow, late evening");
        assert_eq!(stats.per_day[DAYS - 1], 1, "the last day of the window");
        assert_eq!(stats.scheduled_in_window(), 3);
        assert_eq!((stats.overdue, stats.later, stats.no_time), (1, 1, 1));
        assert_eq!(
            stats.day(DAYS - 1),
            NaiveDate::from_ymd_opt(2026, 12, 26).expect("date")
        );
    }
}
