//! Entering COS ratings: entry once, exit once after entry, each outcome rated 1–7; at exit,
//! the "new skills?" answer per outcome. The progress category is computed, never typed.
use super::{
    commands::{self, NewCos, RecordCosError},
    cos::{CosError, category},
};
use crate::views::form_body::Form;
use crate::views::table_wrap;
use crate::{
    audit::Actor,
    children::authorized_child,
    entities::{
        Choice, child,
        cos_rating::{self, CosOutcome, Phase},
    },
    error::AppResult,
    meta::RequestMeta,
    policy::Action,
    state::AppState,
    views::{
        Page,
        fields::{parse_date, required},
        flash::{self, Kind},
        form::{Errors, Input, csrf_field, error_summary, radios, select, textarea},
        layout, respond,
    },
};
use axum::{
    extract::{Path, Query, State},
    response::Response,
};
use maud::{Markup, html};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde::Deserialize;

pub const RATINGS: [(&str, &str); 7] = [
    ("7", "7 — age-expected"),
    ("6", "6 — age-expected, some concern"),
    ("5", "5"),
    ("4", "4"),
    ("3", "3"),
    ("2", "2"),
    ("1", "1 — very early skills"),
];

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct CosForm {
    pub phase: String,
    pub rated_on: String,
    pub rating_a: String,
    pub rating_b: String,
    pub rating_c: String,
    pub new_skills_a: String,
    pub new_skills_b: String,
    pub new_skills_c: String,
    pub evidence: String,
    pub team: String,
}

impl CosForm {
    fn rating(&self, o: CosOutcome) -> &str {
        match o {
            CosOutcome::A => &self.rating_a,
            CosOutcome::B => &self.rating_b,
            CosOutcome::C => &self.rating_c,
        }
    }
    fn skills(&self, o: CosOutcome) -> &str {
        match o {
            CosOutcome::A => &self.new_skills_a,
            CosOutcome::B => &self.new_skills_b,
            CosOutcome::C => &self.new_skills_c,
        }
    }
}

/// The form field of an outcome's rating or new-skills answer.
fn field(skills: bool, o: CosOutcome) -> &'static str {
    match (skills, o) {
        (false, CosOutcome::A) => "rating_a",
        (false, CosOutcome::B) => "rating_b",
        (false, CosOutcome::C) => "rating_c",
        (true, CosOutcome::A) => "new_skills_a",
        (true, CosOutcome::B) => "new_skills_b",
        (true, CosOutcome::C) => "new_skills_c",
    }
}

async fn ratings(state: &AppState, child_id: i32) -> AppResult<Vec<cos_rating::Model>> {
    Ok(cos_rating::Entity::find()
        .filter(cos_rating::Column::ChildId.eq(child_id))
        .all(&state.db)
        .await?)
}

#[derive(Debug, Deserialize)]
pub struct PhaseQuery {
    phase: Option<String>,
}

pub async fn new(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
    Query(q): Query<PhaseQuery>,
) -> AppResult<Markup> {
    let c = authorized_child(&state, &page, &meta, id, Action::EditChild).await?;
    let form = CosForm {
        phase: q.phase.unwrap_or_else(|| Phase::Entry.to_string()),
        rated_on: page.user.today().to_string(),
        ..Default::default()
    };
    Ok(form_page(&page, &c, &form, &Errors::default()))
}

pub async fn create(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
    Form(form): Form<CosForm>,
) -> AppResult<Response> {
    let c = authorized_child(&state, &page, &meta, id, Action::EditChild).await?;
    let existing = ratings(&state, id).await?;
    let entry = existing.iter().find(|r| r.phase == Phase::Entry);
    let mut e = Errors::default();
    let phase: Option<Phase> = e.choice("phase", &form.phase, "Choose entry or exit.");
    let exit = phase == Some(Phase::Exit);
    if existing.iter().any(|r| Some(r.phase) == phase) {
        e.add(
            "phase",
            "These ratings are already recorded for this child.",
        );
    }
    if exit && entry.is_none() {
        e.add("phase", "Record the entry ratings first.");
    }
    let on = parse_date(&mut e, "rated_on", &form.rated_on, "date of the rating");
    if on.is_some_and(|d| d > page.user.today()) {
        e.add("rated_on", "The rating date cannot be in the future.");
    }
    if let (Some(d), Some(en), true) = (on, entry, exit)
        && d <= en.rated_on
    {
        e.add(
            "rated_on",
            format!(
                "Exit ratings must come after the entry ratings ({}).",
                en.rated_on
            ),
        );
    }
    let mut values = [0i16; 3];
    let mut skills = [None; 3];
    for (i, o) in CosOutcome::all().enumerate() {
        match form.rating(o).parse::<i16>() {
            Ok(v) if (1..=7).contains(&v) => values[i] = v,
            _ => e.add(field(false, o), "Choose a rating from 1 to 7."),
        }
        if exit {
            skills[i] = match form.skills(o) {
                "yes" => Some(true),
                "no" => Some(false),
                _ => {
                    e.add(
                        field(true, o),
                        "Answer whether the child has shown any new skills or behaviours.",
                    );
                    None
                }
            };
            if let (Some(en), Some(s)) = (entry, skills[i]) {
                let before = [en.rating_a, en.rating_b, en.rating_c][i] as u8;
                if category(before, values[i].max(1) as u8, s)
                    == Err(CosError::NoNewSkillsButImproved)
                {
                    e.add(field(true, o), "The exit rating is above entry, so the child has shown new skills: check the answer or the rating.");
                }
            }
        }
    }
    let team = required(
        &mut e,
        "team",
        &form.team,
        "Name who took part in the rating (the team, with the family).",
        500,
    );
    let evidence = crate::views::fields::paragraph(
        &mut e,
        "evidence",
        &form.evidence,
        crate::views::fields::limit::PARAGRAPH,
    );
    let (Some(on), Some(phase), true) = (on, phase, e.is_empty()) else {
        return Ok(respond::invalid(form_page(&page, &c, &form, &e)));
    };
    let r = NewCos {
        phase,
        rated_on: on,
        ratings: values,
        new_skills: skills,
        evidence,
        team,
        by: page.user.id,
    };
    let actor = Actor::user(&page.user, &meta);
    match commands::record_cos(&state.db, actor, id, r).await {
        Ok(_) => Ok(flash::redirect(
            &state,
            &format!("/children/{id}#cos"),
            Kind::Success,
            "Child Outcomes Summary ratings recorded.",
        )),
        // Recorded from another page a moment ago.
        Err(RecordCosError::AlreadyRecorded) => {
            let mut e = Errors::default();
            e.add(
                "phase",
                "These ratings are already recorded for this child.",
            );
            Ok(respond::invalid(form_page(&page, &c, &form, &e)))
        }
        Err(RecordCosError::Db(e)) => Err(e.into()),
    }
}

fn form_page(p: &Page, c: &child::Model, f: &CosForm, e: &Errors) -> Markup {
    let exit = f.phase == Phase::Exit.as_str();
    layout::page(
        p,
        "Child Outcomes Summary",
        "/caseload",
        html! {
            p { a href={"/children/" (c.id)} { "← " (c.full_name()) } }
            h1 { "Child Outcomes Summary — " (if exit { "exit" } else { "entry" }) }
            p class="lead" { "Rate each outcome against what is expected for the child's age, with the family. 6 and 7 are age-expected." }
            (error_summary(e))
            form method="post" action={"/children/" (c.id) "/cos"} novalidate {
                (csrf_field(&p.csrf))
                input type="hidden" name="phase" value=(f.phase);
                @if let Some(msg) = e.get("phase") { p class="error" { (msg) } }
                (Input::new("rated_on", "Date of the rating", &f.rated_on).kind("date").required().render(e))
                @for o in CosOutcome::all() {
                    fieldset class="group" {
                        legend { (o.label()) }
                        (select(field(false, o), "Rating", &RATINGS, f.rating(o), e, true))
                        @if exit {
                            (radios(field(true, o), "Has the child shown any new skills or behaviours?", &[("yes", "Yes"), ("no", "No")], f.skills(o), e))
                        }
                    }
                }
                (textarea("evidence", "Evidence", &f.evidence, Some("Tools, observations and the family's report behind the ratings."), e, false))
                (Input::new("team", "Who rated", &f.team).required().render(e))
                button type="submit" class="primary" { "Save ratings" }
            }
        },
    )
}

/// The COS section of the child page.
pub fn summary(child_id: i32, rows: &[cos_rating::Model], can_edit: bool) -> Markup {
    let entry = rows.iter().find(|r| r.phase == Phase::Entry);
    let exit = rows.iter().find(|r| r.phase == Phase::Exit);
    let triple = |r: &cos_rating::Model| [r.rating_a, r.rating_b, r.rating_c];
    html! {
        section id="cos" aria-labelledby="cos-h" {
            h2 id="cos-h" { "Child Outcomes Summary" }
            @if rows.is_empty() { p { "No ratings yet." } }
            @else {
                (table_wrap::cards("Child Outcomes Summary", html! { table {
                    thead { tr { th scope="col" { "Outcome" } th scope="col" { "Entry" } th scope="col" { "Exit" } th scope="col" { "Progress category" } } }
                    tbody {
                        @for (i, o) in CosOutcome::all().enumerate() {
                            tr {
                                th scope="row" { (o.label()) }
                                td { @if let Some(r) = entry { (triple(r)[i]) " (" (r.rated_on) ")" } }
                                td { @if let Some(r) = exit { (triple(r)[i]) " (" (r.rated_on) ")" } }
                                td {
                                    @if let (Some(en), Some(ex)) = (entry, exit) {
                                        @let skills = [ex.new_skills_a, ex.new_skills_b, ex.new_skills_c][i].unwrap_or(true);
                                        @match category(triple(en)[i] as u8, triple(ex)[i] as u8, skills) {
                                            Ok(cat) => (cat.label()),
                                            Err(_) => "Ratings disagree with the new-skills answer",
                                        }
                                    }
                                }
                            }
                        }
                    }
                } }))
            }
            @if can_edit {
                @if entry.is_none() { p { a href={"/children/" (child_id) "/cos/new?phase=entry"} { "Record entry ratings" } } }
                @else if exit.is_none() { p { a href={"/children/" (child_id) "/cos/new?phase=exit"} { "Record exit ratings" } } }
            }
        }
    }
}
