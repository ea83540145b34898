//! The area's population per year (`/settings/population`), the denominators of the
//! child-find indicators C5 (birth to one) and C6 (birth to three). Admins only.
mod commands;

use crate::views::table_wrap;
use crate::{
    audit::Actor,
    entities::program_population,
    error::AppResult,
    meta::RequestMeta,
    policy::{self, Action},
    state::AppState,
    views::{
        Page,
        flash::{self, Kind},
        form::{Errors, Input, csrf_field, error_summary},
        layout, respond,
    },
};
use axum::{Form, extract::State, response::Response};
use commands::Population;
use maud::{Markup, html};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

#[derive(Debug, Default, Clone, serde::Deserialize)]
#[serde(default)]
pub(in crate::admin) struct PopulationForm {
    pub year: String,
    pub birth_to_one: String,
    pub birth_to_three: String,
}

impl PopulationForm {
    fn parse(&self) -> Result<Population, Errors> {
        let mut e = Errors::default();
        let mut number = |field: &'static str, v: &str, min: i32, max: i32, msg: &str| match v
            .trim()
            .parse::<i32>()
        {
            Ok(n) if (min..=max).contains(&n) => Some(n),
            _ => {
                e.add(field, msg.to_owned());
                None
            }
        };
        let year = number(
            "year",
            &self.year,
            2000,
            2100,
            "Enter the year, from 2000 to 2100.",
        );
        let one = number(
            "birth_to_one",
            &self.birth_to_one,
            1,
            100_000_000,
            "Enter the number of children under one as a whole number above 0.",
        );
        let three = number(
            "birth_to_three",
            &self.birth_to_three,
            1,
            100_000_000,
            "Enter the number of children under three as a whole number above 0.",
        );
        if let (Some(o), Some(t)) = (one, three)
            && o > t
        {
            e.add(
                "birth_to_one",
                "Children under one are part of those under three: this cannot be larger.",
            );
        }
        match (year, one, three) {
            (Some(year), Some(birth_to_one), Some(birth_to_three)) if e.is_empty() => {
                Ok(Population {
                    year,
                    birth_to_one,
                    birth_to_three,
                })
            }
            _ => Err(e),
        }
    }
}

async fn years(state: &AppState, program_id: i32) -> AppResult<Vec<program_population::Model>> {
    Ok(program_population::Entity::find()
        .filter(program_population::Column::ProgramId.eq(program_id))
        .order_by_desc(program_population::Column::Year)
        .all(&state.db)
        .await?)
}

pub(in crate::admin) async fn show(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
) -> AppResult<Markup> {
    policy::require(&state.db, &page.user, &meta, Action::ManageSettings).await?;
    let rows = years(&state, page.user.program_id).await?;
    Ok(view(
        &page,
        &rows,
        &PopulationForm::default(),
        &Errors::default(),
    ))
}

pub(in crate::admin) async fn save(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Form(form): Form<PopulationForm>,
) -> AppResult<Response> {
    policy::require(&state.db, &page.user, &meta, Action::ManageSettings).await?;
    let p = match form.parse() {
        Ok(p) => p,
        Err(errors) => {
            let rows = years(&state, page.user.program_id).await?;
            return Ok(respond::invalid(view(&page, &rows, &form, &errors)));
        }
    };
    let actor = Actor::user(&page.user, &meta);
    commands::save(&state.db, actor, page.user.program_id, page.user.id, p).await?;
    Ok(flash::redirect(
        &state,
        "/settings/population",
        Kind::Success,
        &format!("Population for {} saved.", p.year),
    ))
}

fn view(p: &Page, rows: &[program_population::Model], f: &PopulationForm, e: &Errors) -> Markup {
    layout::page(
        p,
        "Area population",
        "/settings",
        html! {
            p { a href="/settings" { "← Program rules" } }
            h1 { "Area population (C5 and C6)" }
            p class="lead" { "The number of children living in the program's area, per calendar year, from the state's census estimate. The child-find indicators compare the children with an IFSP on the count date with these." }
            @if !rows.is_empty() {
                (table_wrap::scrolling("Area population by year", html! {
                    table id="populations" {
                        thead { tr { th scope="col" { "Year" } th scope="col" { "Birth to one" } th scope="col" { "Birth to three" } } }
                        tbody {
                            @for r in rows {
                                tr data-year=(r.year) { th scope="row" { (r.year) } td { (r.birth_to_one) } td { (r.birth_to_three) } }
                            }
                        }
                    }
                }))
            }
            h2 { "Enter or replace a year" }
            (error_summary(e))
            form method="post" action="/settings/population" novalidate {
                (csrf_field(&p.csrf))
                (Input::new("year", "Year", &f.year).kind("number").required().render(e))
                (Input::new("birth_to_one", "Children birth to one", &f.birth_to_one).kind("number").required().render(e))
                (Input::new("birth_to_three", "Children birth to three", &f.birth_to_three).kind("number").required().render(e))
                button type="submit" class="primary" { "Save" }
            }
        },
    )
}
