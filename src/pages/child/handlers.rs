//! Showing the child page, and the forms on it whose errors re-render it.
use super::{ChildCase, views};
use crate::views::form_body::Form;
use crate::{
    activities::{
        self,
        sharing::{FeedbackForm, FeedbackRefused, ShareForm},
    },
    audit::{Actor, Event},
    children::{
        authorized_child,
        model::{self, Case, load_case},
        records::{self, FirstContactForm},
    },
    error::{AppError, AppResult},
    meta::RequestMeta,
    policy::{self, Action, Target},
    state::AppState,
    views::{
        Page,
        flash::{self, Kind},
        form::Errors,
        respond,
    },
    visits,
};
use axum::{
    extract::{Path, State},
    response::Response,
};
use maud::Markup;

/// The child page. Every view of a child's record is audited.
pub async fn show(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
) -> AppResult<Markup> {
    let c = authorized_child(&state, &page, &meta, id, Action::ViewChild).await?;
    let case = load_case(&state.db, c).await?;
    let body = child_page(&state, &page, case, Refused::Nothing).await?;
    state
        .audit
        .record(
            &Actor::user(&page.user, &meta),
            Event::new("child.viewed", "child", id),
        )
        .await?;
    Ok(body)
}

/// A form on the child page that was refused, shown beside its field.
enum Refused<'a> {
    Nothing,
    /// The first contact's date as typed, and its error.
    FirstContact(&'a str, &'a Errors),
    /// Why sharing an activity was refused, shown in the activities section.
    Share(Option<String>),
    /// What the family said, refused: the share, the words as typed, why.
    Feedback(i32, String, String),
}

/// The child page as the user sees it, for a child they may read: the same page whether it
/// is shown on its own or re-rendered with a refused form's errors.
async fn child_page(
    state: &AppState,
    page: &Page,
    case: Case,
    refused: Refused<'_>,
) -> AppResult<Markup> {
    let now = page.user.today().and_hms_opt(0, 0, 0).unwrap_or_default();
    let visits = visits::history::for_child_page(&state.db, case.child.id, now).await?;
    let mut activities = activities::child::load(
        &state.db,
        &case.child,
        &page.user.rules,
        page.user.today(),
        6,
    )
    .await?;
    let mut first_contact = None;
    match refused {
        Refused::Nothing => {}
        Refused::FirstContact(typed, errors) => first_contact = Some((typed, errors)),
        Refused::Share(why) => activities.share_error = why,
        Refused::Feedback(share, typed, why) => {
            activities.feedback_error = Some((share, typed, why));
        }
    }
    let coordinators = if policy::can(
        &page.user,
        Action::ReassignChild,
        &Target::child(&case.child),
    ) {
        model::coordinators(&state.db, page.user.program_id).await?
    } else {
        Vec::new()
    };
    let cp = ChildCase {
        case,
        visits,
        activities,
    };
    Ok(views::child_page(page, &cp, &coordinators, first_contact))
}

/// Records the first contact with the family on the current referral; a date the record
/// refuses re-renders the child page with the date as typed and the error beside it (the
/// whole case is read only then: the page shows it).
pub async fn first_contact(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
    Form(form): Form<FirstContactForm>,
) -> AppResult<Response> {
    let c = authorized_child(&state, &page, &meta, id, Action::EditChild).await?;
    let Some(referral) = model::current_referral(&state.db, id).await? else {
        return Err(AppError::BadRequest(
            "This child has no referral to record a first contact for.".into(),
        ));
    };
    let on = match form.parse(page.user.today(), &referral) {
        Ok(on) => on,
        Err(errors) => {
            let case = load_case(&state.db, c).await?;
            let refused = Refused::FirstContact(&form.first_contact_on, &errors);
            let body = child_page(&state, &page, case, refused).await?;
            return Ok(respond::invalid(body));
        }
    };
    let actor = Actor::user(&page.user, &meta);
    records::commands::first_contact(&state.db, actor, id, referral.id, on).await?;
    Ok(flash::redirect(
        &state,
        &format!("/children/{id}"),
        Kind::Success,
        "First contact recorded.",
    ))
}

/// Shares an activity with the family from the child page; a refusal re-renders the page
/// with the reason in the activities section.
pub async fn share_activity(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
    Form(form): Form<ShareForm>,
) -> AppResult<Response> {
    let (c, refusal) =
        match activities::sharing::share_with_child(&state, &page, &meta, id, &form).await? {
            Ok(done) => return Ok(done),
            Err(refused) => refused,
        };
    let why = refusal.get("activity_id").map(str::to_owned);
    let case = load_case(&state.db, c).await?;
    let body = child_page(&state, &page, case, Refused::Share(why)).await?;
    Ok(respond::invalid(body))
}

/// What the family said about a shared activity, from the child page; words over the limit
/// re-render the page with them as typed and the reason beside them.
pub async fn feedback(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
    Form(form): Form<FeedbackForm>,
) -> AppResult<Response> {
    let refused = match activities::sharing::feedback(&state, &page, &meta, id, &form).await? {
        Ok(done) => return Ok(done),
        Err(refused) => refused,
    };
    let FeedbackRefused {
        child,
        share,
        errors,
    } = refused;
    let why = errors.get("feedback").unwrap_or_default().to_owned();
    let case = load_case(&state.db, child).await?;
    let refused = Refused::Feedback(share, form.feedback, why);
    let body = child_page(&state, &page, case, refused).await?;
    Ok(respond::invalid(body))
}
