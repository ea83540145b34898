//! How a message's status is drawn wherever mail is shown (the admin's E-mail page, the
//! family's note on a visit).
use crate::entities::{Choice, outbox::Status};
use maud::{Markup, html};

pub fn status_badge(status: Status) -> Markup {
    let class = match status {
        Status::Sent => "badge badge-ok",
        Status::Failed => "badge badge-overdue",
        Status::Queued | Status::Sending => "badge badge-due",
    };
    html! { span class=(class) { (status.label()) } }
}
