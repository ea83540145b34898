//! The program's indicator targets (`/settings/targets`): one optional percent per federal
//! indicator, from `reports::targets::Measure::all`. Admins only; a save from a page opened
//! before another admin's save is refused (409) with both sets shown.
use crate::{
    audit::Actor,
    error::AppResult,
    meta::RequestMeta,
    policy::{self, Action},
    reports::targets::{self, Measure, SaveError, Target, Targets},
    state::AppState,
    views::{
        Page, conflict,
        flash::{self, Kind},
        form::{Errors, Input, csrf_field, error_summary},
        form_body::Form,
        layout, respond,
    },
};
use axum::{extract::State, response::Response};
use maud::{Markup, html};
use std::collections::HashMap;

const HREF: &str = "/settings/targets";

/// The form as typed: each measure's field by its key, and `seen` (the fingerprint of the
/// targets the form was opened with).
#[derive(Debug, Default, Clone)]
pub(in crate::admin) struct TargetsForm {
    values: HashMap<String, String>,
    seen: String,
}

impl TargetsForm {
    fn from_targets(t: &Targets) -> Self {
        TargetsForm {
            values: t
                .iter()
                .map(|(m, v)| (m.key().to_owned(), v.to_string()))
                .collect(),
            seen: targets::fingerprint(t),
        }
    }

    fn from_body(mut body: HashMap<String, String>) -> Self {
        let seen = body.remove("seen").unwrap_or_default();
        TargetsForm { values: body, seen }
    }

    fn value(&self, m: Measure) -> &str {
        self.values.get(m.key()).map_or("", String::as_str)
    }

    /// Every field empty (no target) or a percent from 0 to 100.
    fn parse(&self) -> Result<Targets, Errors> {
        let mut errors = Errors::default();
        let mut out = Targets::new();
        for m in Measure::all() {
            let v = self.value(m);
            if v.trim().is_empty() {
                continue;
            }
            match Target::parse(v) {
                Some(t) => {
                    out.insert(m, t);
                }
                None => errors.add(
                    m.key(),
                    format!(
                        "Enter the {} target as a percent from 0 to 100 (at most two decimals), or leave it empty.",
                        m.code()
                    ),
                ),
            }
        }
        if errors.is_empty() {
            Ok(out)
        } else {
            Err(errors)
        }
    }
}

pub(in crate::admin) async fn show(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
) -> AppResult<Markup> {
    policy::require(&state.db, &page.user, &meta, Action::ManageSettings).await?;
    let t = targets::load(&state.db, page.user.program_id).await?;
    Ok(view(
        &page,
        &TargetsForm::from_targets(&t),
        &Errors::default(),
        None,
    ))
}

pub(in crate::admin) async fn save(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Form(body): Form<HashMap<String, String>>,
) -> AppResult<Response> {
    policy::require(&state.db, &page.user, &meta, Action::ManageSettings).await?;
    let form = TargetsForm::from_body(body);
    let parsed = match form.parse() {
        Ok(t) => t,
        Err(errors) => return Ok(respond::invalid(view(&page, &form, &errors, None))),
    };
    let actor = Actor::user(&page.user, &meta);
    match targets::save(&state.db, actor, page.user.program_id, &form.seen, &parsed).await {
        Ok(()) => Ok(flash::redirect(
            &state,
            HREF,
            Kind::Success,
            "Targets saved. The dashboard compares this year's figures with them.",
        )),
        Err(SaveError::Stale { current }) => {
            let saved = TargetsForm::from_targets(&current);
            // Saving again from the conflict page is a deliberate choice to replace theirs.
            let mine = TargetsForm {
                seen: saved.seen.clone(),
                ..form
            };
            Ok(respond::conflict(view(
                &page,
                &mine,
                &Errors::default(),
                Some(&saved),
            )))
        }
        Err(SaveError::Db(e)) => Err(e.into()),
    }
}

fn view(p: &Page, f: &TargetsForm, errors: &Errors, saved: Option<&TargetsForm>) -> Markup {
    layout::page(
        p,
        "Indicator targets",
        "/settings",
        html! {
            p { a href="/settings" { "← Program rules" } }
            h1 { "Indicator targets" }
            p class="lead" { "The target your state set for each federal indicator, as a percent. The dashboard shows this year's figure beside it and whether it is met. Leave a field empty for no target." }
            @if let Some(saved) = saved {
                (conflict::view("Another admin saved the targets while you were editing", Measure::all().into_iter().map(|m| (m.code(), saved.value(m), f.value(m)))))
            }
            (error_summary(errors))
            form method="post" action=(HREF) novalidate {
                (csrf_field(&p.csrf))
                input type="hidden" name="seen" value=(f.seen);
                div class="grid-3" {
                    @for m in Measure::all() {
                        @let label = format!("{} target (%)", m.code());
                        (Input::new(m.key(), &label, f.value(m)).kind("text").hint(&m.title()).render(errors))
                    }
                }
                button type="submit" class="primary" { "Save targets" }
            }
        },
    )
}
