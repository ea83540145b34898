//! The changes to visits, each one change with its audit row: scheduling, moving and
//! cancelling (only while still scheduled, at the version seen), saving and signing the note
//! (only while unsigned, at the version seen), addenda, the supervisor's review (once), and
//! the calendar feed's link, and a booked telehealth visit's meeting link.
mod confirm;
mod feeds;
mod link;
mod note;
mod review;
mod schedule;

pub use feeds::{create_feed, revoke_feeds};
pub use link::{LinkError, change_link};
pub use note::{NoteError, Signer, add_addendum, save_note};
pub use review::{ReviewError, review};
pub use schedule::{
    CancelError, MoveError, NewVisits, ScheduleError, cancel, reschedule, schedule,
};

use super::model;
use crate::entities::visit;
use chrono::NaiveDateTime;
use sea_orm::{ConnectionTrait, DbErr};

/// The first of the provider's visits overlapping one of `spans` (other than `except`).
/// The provider's row is claimed first, so two changes for one provider check one at a time.
async fn first_overlap(
    db: &impl ConnectionTrait,
    provider: i32,
    spans: &[(NaiveDateTime, NaiveDateTime)],
    except: Option<i32>,
) -> Result<Option<visit::Model>, DbErr> {
    model::claim_provider(db, provider).await?;
    for &sp in spans {
        if let Some(v) = model::conflict(db, provider, sp, except).await? {
            return Ok(Some(v));
        }
    }
    Ok(None)
}
