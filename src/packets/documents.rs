//! The records a packet can carry, rendered for the agency as plain printable pages.
use crate::views::table_wrap;
use crate::{
    children::model::load_case,
    entities::{
        Choice,
        cos_rating::{self, CosOutcome},
        evaluation, evaluation_result, ifsp,
        referral_packet::Document,
        visit,
    },
    i18n::Lang,
};
use maud::{DOCTYPE, Markup, html};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

fn page(title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head { meta charset="utf-8"; meta name="viewport" content="width=device-width, initial-scale=1"; title { (title) }
                link rel="stylesheet" href=(crate::assets::url("css/app.css")); }
            body class="printable" { main { p class="no-print" { a href="/agency/packet" { "Back to the packet" } } (body) } }
        }
    }
}

/// The document `key` for the child, or `None` when the child has no such record.
pub async fn render(
    db: &impl ConnectionTrait,
    child_id: i32,
    key: Document,
) -> Result<Option<Markup>, DbErr> {
    let Some(c) = crate::children::model::load_child(db, child_id).await? else {
        return Ok(None);
    };
    let name = c.full_name();
    Ok(match key {
        Document::Ifsp => {
            let case = load_case(db, c).await?;
            let Some(signed) = case.plans.iter().find(|p| p.status == ifsp::Status::Signed) else {
                return Ok(None);
            };
            let Some(plan) = crate::ifsp::model::load(db, signed.id).await? else {
                return Ok(None);
            };
            Some(crate::ifsp::print::render(&case, &plan, Lang::En))
        }
        Document::Evaluation => {
            // An agency gets the evaluations that count, not one entered by mistake.
            let evals = evaluation::Entity::find()
                .filter(evaluation::Column::ChildId.eq(child_id))
                .filter(evaluation::Column::Status.eq(evaluation::Status::Recorded))
                .order_by_desc(evaluation::Column::EvaluatedOn)
                .all(db)
                .await?;
            let results = evaluation_result::Entity::find()
                .filter(evaluation_result::Column::EvaluationId.is_in(evals.iter().map(|e| e.id)))
                .all(db)
                .await?;
            Some(page(
                &format!("Evaluation — {name}"),
                html! {
                    h1 { "Evaluation and assessment: " (name) }
                    @if evals.is_empty() { p { "No evaluation on record." } }
                    @for e in &evals {
                        section class="card" {
                            h2 { (e.evaluated_on.format("%-d %B %Y")) }
                            p { "Tools: " (e.tools) }
                            @if !e.diagnosed_condition.is_empty() { p { "Diagnosed condition: " (e.diagnosed_condition) } }
                            (table_wrap::cards("Evaluation results", html! { table { thead { tr { th scope="col" { "Area" } th scope="col" { "Developmental age (months)" } th scope="col" { "Delay (%)" } th scope="col" { "SD" } } }
                                tbody { @for r in results.iter().filter(|r| r.evaluation_id == e.id) { tr {
                                    td { (r.domain) } td { (r.developmental_months.map(|m| m.to_string()).unwrap_or_default()) }
                                    td { (r.percent_delay.map(|p| format!("{p:.0}")).unwrap_or_default()) } td { (r.sd.map(|s| format!("{s:.1}")).unwrap_or_default()) }
                                } } } } }))
                            @if !e.reasons.is_empty() { p { "Eligibility: " (e.reasons) } }
                        }
                    }
                },
            ))
        }
        Document::VisitNotes => {
            let visits = visit::Entity::find()
                .filter(visit::Column::ChildId.eq(child_id))
                .filter(visit::Column::SignedAt.is_not_null())
                .order_by_desc(visit::Column::StartsAt)
                .limit(5)
                .all(db)
                .await?;
            Some(page(
                &format!("Visit notes — {name}"),
                html! {
                    h1 { "Recent home-visit notes: " (name) }
                    @if visits.is_empty() { p { "No signed visit notes." } }
                    @for v in &visits {
                        section class="card" {
                            h2 { (v.starts_at.format("%-d %B %Y")) }
                            dl class="facts" {
                                dt { "What was tried" } dd { (v.tried) }
                                dt { "Child's response" } dd { (v.child_response) }
                                dt { "Joint plan" } dd { (v.joint_plan) }
                            }
                        }
                    }
                },
            ))
        }
        Document::Cos => {
            let rows = cos_rating::Entity::find()
                .filter(cos_rating::Column::ChildId.eq(child_id))
                .order_by_asc(cos_rating::Column::RatedOn)
                .all(db)
                .await?;
            Some(page(
                &format!("COS ratings — {name}"),
                html! {
                    h1 { "Child Outcomes Summary ratings: " (name) }
                    @if rows.is_empty() { p { "No ratings on record." } }
                    @else { (table_wrap::scrolling("Child Outcomes Summary ratings", html! { table {
                        thead { tr { th scope="col" { "Rated" } th scope="col" { "When" } @for o in CosOutcome::all() { th scope="col" { (o.label()) } } } }
                        tbody { @for r in &rows { tr { td { (r.rated_on) } td { (r.phase) } td { (r.rating_a) } td { (r.rating_b) } td { (r.rating_c) } } } }
                    } })) }
                },
            ))
        }
    })
}
