use crate::views::table_wrap;
use crate::views::when;
use crate::{
    audit::{model::Filter, report::Report},
    entities::{audit_log, user},
    views::{Page, layout},
};
use maud::{Markup, html};
use std::collections::HashMap;

pub fn index(
    p: &Page,
    rows: &[audit_log::Model],
    more: bool,
    f: &Filter,
    staff: &[user::Person],
) -> Markup {
    let names: HashMap<i32, &str> = staff
        .iter()
        .map(|u| (u.id, u.display_name.as_str()))
        .collect();
    let page_no = f.page.unwrap_or(0);
    let link = |page: u64| {
        let mut q = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in [
            ("action", &f.action),
            ("entity_type", &f.entity_type),
            ("entity_id", &f.entity_id),
        ] {
            if let Some(v) = v.as_deref().filter(|v| !v.is_empty()) {
                q.append_pair(k, v);
            }
        }
        if let Some(u) = f.user_id {
            q.append_pair("user_id", &u.to_string());
        }
        q.append_pair("page", &page.to_string());
        format!("/audit?{}", q.finish())
    };
    layout::page(
        p,
        "Audit log",
        "/audit",
        html! {
            h1 { "Audit log" }
            p { "Every sign-in, every view and change of a record, every refusal. Rows are chained by hash, so an edited or deleted row is detected. "
                a href="/audit/verify" { "Verify the chain now" } "." }
            form method="get" action="/audit" class="filters" {
                div class="field" { label for="f-action" { "Action starts with" } input id="f-action" name="action" value=[f.action.as_deref()]; }
                div class="field" {
                    label for="f-user" { "Staff member" }
                    select id="f-user" name="user_id" {
                        option value="" { "Anyone" }
                        @for u in staff { option value=(u.id) selected[f.user_id == Some(u.id)] { (u.display_name) } }
                    }
                }
                div class="field" { label for="f-etype" { "Record type" } input id="f-etype" name="entity_type" value=[f.entity_type.as_deref()]; }
                div class="field" { label for="f-eid" { "Record id" } input id="f-eid" name="entity_id" value=[f.entity_id.as_deref()]; }
                button type="submit" { "Filter" }
            }
            @if rows.is_empty() {
                p { "No audit rows match." }
            } @else {
                (table_wrap::cards("Audit rows, newest first", html! {
                    table {
                        caption class="visually-hidden" { "Audit rows, newest first" }
                        thead { tr { th scope="col" { "When" } th scope="col" { "Who" } th scope="col" { "Action" } th scope="col" { "Record" } th scope="col" { "Detail" } th scope="col" { "Address" } } }
                        tbody {
                            @for r in rows {
                                tr {
                                    td { (when::moment(r.created_at, p.user.timezone)) }
                                    td { (r.user_id.and_then(|id| names.get(&id).copied()).unwrap_or("—")) }
                                    td { code { (r.action) } }
                                    td { (r.entity_type) " " (r.entity_id.as_deref().unwrap_or("")) }
                                    td class="detail" { (r.detail) }
                                    td { (r.ip.as_deref().unwrap_or("")) }
                                }
                            }
                        }
                    }
                }))
            }
            nav class="pager" aria-label="Pages" {
                @if page_no > 0 { a href=(link(page_no - 1)) { "← Newer" } }
                @if more { a href=(link(page_no + 1)) { "Older →" } }
            }
        },
    )
}

pub fn verified(p: &Page, report: &Report) -> Markup {
    layout::page(
        p,
        "Audit chain",
        "/audit",
        html! {
            h1 { "Audit chain" }
            @if report.ok() {
                div class="flash flash-success" role="status" { "Verified: the chain is intact and its head matches the anchor." }
            } @else {
                div class="flash flash-error" role="alert" {
                    @for f in &report.failures { p { (f) } }
                }
                p { "Keep the database as it is and tell whoever is responsible for your program's records." }
            }
            h2 { "What was checked" }
            ul { @for l in &report.lines { li { (l) } } }
            p { a href="/audit" { "Back to the audit log" } }
        },
    )
}
