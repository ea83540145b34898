use crate::views::table_wrap;
use crate::views::when;
use crate::{
    entities::outbox::{self, Status},
    views::{Page, form::csrf_field, layout},
};
use maud::{Markup, html};

fn heading(status: Status) -> &'static str {
    match status {
        Status::Failed => "Failed — needs a look",
        Status::Queued => "Waiting to be sent",
        Status::Sending => "Being sent now",
        Status::Sent => "Sent recently",
    }
}

pub fn outbox(p: &Page, lists: &[(Status, Vec<outbox::Model>)], files: bool) -> Markup {
    layout::page(
        p,
        "E-mail",
        "/outbox",
        html! {
            h1 { "Outgoing e-mail" }
            @if files {
                p { "No SMTP server is configured (HEARTH_SMTP_URL), so messages are written as files: "
                    a href="/outbox/files" { "see the sent-mail files" } "." }
            }
            @for (status, rows) in lists {
                section aria-labelledby={"h-" (status)} {
                    h2 id={"h-" (status)} { (heading(*status)) " (" (rows.len()) ")" }
                    @if rows.is_empty() { p class="muted" { "None." } }
                    @else {
                        (table_wrap::cards(heading(*status), html! {
                            table {
                                thead { tr { th scope="col" { "To" } th scope="col" { "Subject" } th scope="col" { "Attempts" }
                                    th scope="col" { "Last change" } th scope="col" { "Server said" } th scope="col" { span class="visually-hidden" { "Action" } } } }
                                tbody {
                                    @for r in rows {
                                        tr id={"mail-" (r.id)} {
                                            td { (r.to_name) br; span class="muted" { (r.to_address) } }
                                            td { (r.subject) @if let Some(c) = r.child_id { br; a href={"/children/" (c)} { "Child record" } } }
                                            td { (r.attempts) }
                                            td { (when::moment(r.updated_at, p.user.timezone)) }
                                            td { (r.last_error) }
                                            td {
                                                @if r.status == Status::Failed {
                                                    form method="post" action={"/outbox/" (r.id) "/retry"} {
                                                        (csrf_field(&p.csrf))
                                                        button type="submit" { "Retry" }
                                                    }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }))
                    }
                }
            }
        },
    )
}

pub fn files(p: &Page, names: &[(std::time::SystemTime, String)]) -> Markup {
    layout::page(
        p,
        "Sent-mail files",
        "/outbox",
        html! {
            p class="breadcrumb" { a href="/outbox" { "Outgoing e-mail" } }
            h1 { "Sent-mail files" }
            p { "With no SMTP server configured, each message is written to the data directory's "
                code { "mail" } " folder instead of being sent. Newest first." }
            @if names.is_empty() { p class="muted" { "No messages yet." } }
            ul { @for (at, name) in names {
                li { a href={"/outbox/files/" (name)} { (name) } " "
                    span class="muted" { (when::moment(chrono::DateTime::<chrono::Utc>::from(*at), p.user.timezone)) } }
            } }
        },
    )
}
