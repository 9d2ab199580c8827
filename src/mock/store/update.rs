//! update-post on the store (POSTPOST_API.md §3.4): the status and time rules, the plan's
//! horizon and spacing limits (§9.2), and the log entries an update adds (§3.6).

use chrono::{DateTime, Utc};

use crate::api::model::{
    PlatformStatus, PostGroupId, PostLogEvent, PostStatus, UpdatePostRequest, format_instant,
};

use super::{GroupRecord, Store, group_in};

/// Why [`Store::update`] refused an update-post (§3.4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UpdateRefusal {
    /// Unknown or foreign group (404 `Post group not found`).
    NotFound,
    /// The group's status is not draft or scheduled (400 `Cannot update post: …`).
    NotUpdatable(PostStatus),
    /// The new time is beyond the plan's horizon (403 `Schedule horizon reached`, §9.2).
    HorizonReached {
        /// The horizon in days.
        horizon_days: u32,
        /// The latest time allowed (now + horizon).
        max_scheduled: DateTime<Utc>,
        /// The time asked for.
        requested: DateTime<Utc>,
    },
}

/// The limit re-check of update-post when the time changes (POSTPOST_API.md §3.4, §9.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct UpdateRules {
    /// Times more than this many days ahead are refused ([`UpdateRefusal::HorizonReached`]).
    pub horizon_days: Option<u32>,
    /// A scheduled time closer than this to another scheduled post of the same user is moved
    /// forward until it is not (the server's answer carries the moved time).
    pub min_spacing: Option<chrono::Duration>,
}

impl Store {
    /// update-post (§3.4) for a group of `user_id`, one atomic step, checks in the [INF] order
    /// lookup → status → limits: unknown or foreign → [`UpdateRefusal::NotFound`]; status not
    /// draft or scheduled → [`UpdateRefusal::NotUpdatable`]; a new time beyond
    /// `rules.horizon_days` → [`UpdateRefusal::HorizonReached`]. Then: the status becomes
    /// `request.status` (when given), the time becomes `request.scheduled_time` (when given; the
    /// caller has already raised a past time to `now`), moved forward for `rules.min_spacing` when the
    /// group ends up scheduled; a scheduled group without any time gets `now`; moving to draft
    /// keeps the time. Every platform post follows the group's status. Returns the stored group.
    pub fn update(
        &mut self,
        user_id: &str,
        id: &PostGroupId,
        request: UpdatePostRequest,
        now: DateTime<Utc>,
        rules: &UpdateRules,
    ) -> Result<GroupRecord, UpdateRefusal> {
        let UpdatePostRequest {
            status,
            scheduled_time,
        } = request;
        let slot = self.slot_of(user_id, id).ok_or(UpdateRefusal::NotFound)?;
        let current = &self.row(slot).group.status;
        if !matches!(current, PostStatus::Draft | PostStatus::Scheduled) {
            return Err(UpdateRefusal::NotUpdatable(current.clone()));
        }
        let status = status.unwrap_or_else(|| current.clone());
        let mut scheduled_time = scheduled_time;
        if let (Some(time), Some(days)) = (scheduled_time, rules.horizon_days) {
            let max_scheduled = now + chrono::Duration::days(i64::from(days));
            if time > max_scheduled {
                return Err(UpdateRefusal::HorizonReached {
                    horizon_days: days,
                    max_scheduled,
                    requested: time,
                });
            }
        }
        if let (Some(time), Some(spacing), PostStatus::Scheduled) =
            (scheduled_time, rules.min_spacing, &status)
        {
            scheduled_time = Some(self.spaced(user_id, slot, time, spacing));
        }
        self.unindex(slot);
        let [change_id, schedule_id] = [self.next_object_id(), self.next_object_id()];
        let row = self.slots[slot as usize]
            .as_mut()
            .expect("slots reached through by_id are live");
        let group = &mut row.group;
        if let Some(time) = scheduled_time {
            group.scheduled_time = Some(time);
        }
        if status == PostStatus::Scheduled && group.scheduled_time.is_none() {
            group.scheduled_time = Some(now);
        }
        let platform_status = if status == PostStatus::Scheduled {
            PlatformStatus::Scheduled
        } else {
            PlatformStatus::Draft
        };
        let previous = std::mem::replace(&mut group.status, status);
        group.updated_at = now;
        for post in &mut row.platform_posts {
            post.status = platform_status.clone();
        }
        // The update's own log entries (§3.6): a status change, and a (re)scheduling.
        let mut entries = Vec::new();
        if previous != row.group.status {
            let mut log =
                crate::mock::logs::entry(&row.group, change_id, PostLogEvent::StatusChanged, now);
            log.metadata = Some(serde_json::json!({
                "from": previous.as_str(),
                "to": row.group.status.as_str(),
            }));
            entries.push(log);
        }
        if row.group.status == PostStatus::Scheduled
            && let Some(time) = row.group.scheduled_time
        {
            let mut log =
                crate::mock::logs::entry(&row.group, schedule_id, PostLogEvent::Scheduled, now);
            log.metadata = Some(serde_json::json!({
                "scheduledTime": format_instant(time),
            }));
            entries.push(log);
        }
        row.logs.extend(entries);
        let updated = row.group.clone();
        self.index(slot);
        Ok(updated)
    }

    /// `time` moved forward until it is at least `spacing` away from every other scheduled group
    /// of `user_id` (the group in `own` excluded). One pass over the user's scheduled-time index,
    /// which is ascending, suffices: `time` only grows.
    fn spaced(
        &self,
        user_id: &str,
        own: u32,
        mut time: DateTime<Utc>,
        spacing: chrono::Duration,
    ) -> DateTime<Utc> {
        let Some(&user) = self.user_codes.get(user_id) else {
            return time;
        };
        for entry in &self.per_user[user as usize].scheduled_time {
            let Some(other) = entry.key else { continue };
            if entry.slot == own
                || group_in(&self.slots, entry.slot).status != PostStatus::Scheduled
            {
                continue;
            }
            if (other - time).abs() < spacing {
                time = other + spacing;
            }
        }
        time
    }
}
