//! Changing a booked telehealth visit's video link from the visit page: while the visit is
//! scheduled and unsigned, by whoever may move or cancel it, at the version the page showed.
//! The family's page shows the visit's link as it is now; no mail goes out for the change
//! (none does for a move either), so the coaching note e-mailed after the last visit keeps
//! the link it had then.
use super::{
    commands::{self, LinkError},
    handlers::{context, refuse_signed},
    telehealth::parse_link,
    views::{self, Context, Forms},
};
use crate::views::form_body::Form;
use crate::{
    audit::Actor,
    children::visit_access::{Need, load_visit},
    entities::visit::{self, VisitMethod},
    error::{AppError, AppResult},
    meta::RequestMeta,
    state::AppState,
    views::{
        Page, conflict,
        flash::{self, Kind},
        form::{Errors, Input, csrf_field},
        respond,
    },
};
use axum::{
    extract::{Path, State},
    response::Response,
};
use maud::{Markup, html};
use serde::Deserialize;

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct LinkForm {
    pub meeting_link: String,
    /// The version of the visit the page showed.
    pub version: String,
}

/// The link form sent back: what was typed, why it was refused, and, when someone changed
/// the visit first, the link saved now.
pub struct Typed {
    pub form: LinkForm,
    pub errors: Errors,
    pub saved_now: Option<String>,
}

/// Whether the visit's link may still change: a telehealth visit, booked, not signed.
pub fn changeable(v: &visit::Model) -> bool {
    v.method == VisitMethod::Telehealth && v.status == visit::Status::Scheduled && !v.is_signed()
}

/// The form under the visit's facts, for those who may move or cancel the visit.
pub fn form(p: &Page, v: &visit::Model, ctx: &Context, typed: Option<&Typed>) -> Markup {
    if !ctx.can_manage || !changeable(v) {
        return html! {};
    }
    let blank = Typed {
        form: LinkForm {
            meeting_link: v.meeting_link.clone(),
            version: v.version.to_string(),
        },
        errors: Errors::default(),
        saved_now: None,
    };
    let t = typed.unwrap_or(&blank);
    html! {
        section aria-labelledby="link-h" id="video-link" {
            h2 id="link-h" { "Change the video link" }
            @if let Some(saved) = &t.saved_now {
                (conflict::view("The visit was changed while you were editing the link", [("Video link", saved.as_str(), t.form.meeting_link.as_str())]))
            }
            form method="post" action={"/visits/" (v.id) "/link"} novalidate {
                (csrf_field(&p.csrf))
                input type="hidden" name="version" value=(t.form.version);
                (Input::new("meeting_link", "Video meeting link", &t.form.meeting_link).kind("url").hint("The https:// link the family opens to join. Leave empty for none yet.").render(&t.errors))
                button type="submit" { "Save the link" }
            }
        }
    }
}

/// Changes the link, refusing a signed, cancelled or in-person visit, a bad link (422, the
/// typed text kept) and a form from an older version (409, the conflict view).
pub async fn change(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
    Form(form): Form<LinkForm>,
) -> AppResult<Response> {
    let (c, v) = load_visit(&state, &page, &meta, id, Need::Manage).await?;
    refuse_signed(&state, &page, &meta, &v).await?;
    if !changeable(&v) {
        return Err(AppError::Conflict(
            "Only a video visit that has not happened yet has a link to change.".into(),
        ));
    }
    let rerender = async |v: &visit::Model, typed: Typed| -> AppResult<Markup> {
        let ctx = context(&state, &page, &c, v).await?;
        let forms = Forms {
            link: Some(typed),
            ..Default::default()
        };
        Ok(views::visit_page(&page, v, &ctx, forms))
    };
    let mut errors = Errors::default();
    let link = parse_link(&mut errors, "meeting_link", &form.meeting_link);
    if !errors.is_empty() {
        let typed = Typed {
            form,
            errors,
            saved_now: None,
        };
        return Ok(respond::invalid(rerender(&v, typed).await?));
    }
    let seen: i32 = form.version.parse().unwrap_or(-1);
    let actor = Actor::user(&page.user, &meta);
    match commands::change_link(&state.db, actor, &v, seen, link).await {
        Ok(()) => Ok(flash::redirect(
            &state,
            &format!("/visits/{id}"),
            Kind::Success,
            "Video link changed.",
        )),
        Err(LinkError::Stale { current }) => {
            // Signed or cancelled meanwhile: refused like any change to it.
            refuse_signed(&state, &page, &meta, &current).await?;
            if !changeable(&current) {
                return Err(AppError::Conflict(
                    "This visit has happened or was cancelled meanwhile; its link no longer changes."
                        .into(),
                ));
            }
            let typed = Typed {
                saved_now: Some(current.meeting_link.clone()),
                form: LinkForm {
                    version: current.version.to_string(),
                    ..form
                },
                errors: Errors::default(),
            };
            Ok(respond::conflict(rerender(&current, typed).await?))
        }
        Err(LinkError::Db(e)) => Err(e.into()),
    }
}
