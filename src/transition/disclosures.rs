//! The disclosure log (303.406): every release of the child's information to an outside
//! party, printable for the family in their language.
use crate::views::table_wrap;
use crate::{
    audit::{Actor, Event},
    children::{authorized_child, model::load_case},
    entities::disclosure,
    error::AppResult,
    i18n::Lang,
    meta::RequestMeta,
    policy::Action,
    state::AppState,
    views::Page,
};
use axum::extract::{Path, Query, State};
use maud::{Markup, html};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LangQuery {
    pub lang: String,
}

pub async fn log(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
    Query(q): Query<LangQuery>,
) -> AppResult<Markup> {
    let c = authorized_child(&state, &page, &meta, id, Action::ViewChild).await?;
    let case = load_case(&state.db, c).await?;
    let lang = if q.lang.is_empty() {
        case.caregivers
            .first()
            .map(|g| g.language)
            .unwrap_or(Lang::En)
    } else {
        Lang::from_code(&q.lang)
    };
    let rows = disclosure::Entity::find()
        .filter(disclosure::Column::ChildId.eq(id))
        .order_by_asc(disclosure::Column::At)
        .all(&state.db)
        .await?;
    let ev = Event::new("disclosures.printed", "child", id)
        .detail(serde_json::json!({ "lang": lang.code() }));
    state
        .audit
        .record(&Actor::user(&page.user, &meta), ev)
        .await?;
    Ok(render(lang, &case.child.first_name, &rows))
}

fn text_of(l: Lang, kind: disclosure::Kind, part: &str, stored: &str) -> String {
    let key = format!("disclosure.{kind}.{part}");
    let t = l.t(&key);
    if t == key { stored.to_owned() } else { t }
}

pub fn render(l: Lang, child: &str, rows: &[disclosure::Model]) -> Markup {
    crate::ifsp::print::family_document(
        l,
        &l.t("disclosure.title"),
        html! {
            h1 { (l.t("disclosure.title")) }
            p { (l.tr("disclosure.intro", &[("child", child)])) }
            @if rows.is_empty() { p { (l.t("disclosure.none")) } }
            @else {
                (table_wrap::cards(l.t("disclosure.title"), html! { table {
                    thead { tr {
                        th scope="col" { (l.t("disclosure.date")) }
                        th scope="col" { (l.t("disclosure.recipient")) }
                        th scope="col" { (l.t("disclosure.what")) }
                        th scope="col" { (l.t("disclosure.purpose")) }
                        th scope="col" { (l.t("disclosure.how")) }
                    } }
                    tbody { @for d in rows { tr {
                        td { (l.date(d.at.date_naive())) }
                        td { (d.recipient) }
                        td { (text_of(l, d.kind, "what", &d.what)) }
                        td { (text_of(l, d.kind, "purpose", &d.purpose)) }
                        td { (l.t(&format!("disclosure.channel.{}", d.channel))) }
                    } } }
                } }))
            }
        },
    )
}
