//! The consent form and revocation. The form page shows the child's name and the form; its
//! only other read is the caregiver named as the parent who decided, for a new form.
use super::{ConsentForm, OTHER, commands};
use crate::views::form_body::Form;
use crate::{
    audit::Actor,
    children::{authorized_child, model, views},
    error::{AppError, AppResult},
    meta::RequestMeta,
    policy::Action,
    state::AppState,
    views::{
        Page,
        flash::{self, Kind},
        form::Errors,
        respond,
    },
};
use axum::{
    extract::{Path, Query, State},
    response::Response,
};
use maud::Markup;
use sea_orm::{
    ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde::Deserialize;

/// The program's active directory agencies, (id, name), by name: what a release may name.
pub async fn directory(
    db: &DatabaseConnection,
    program_id: i32,
) -> Result<Vec<(i32, String)>, DbErr> {
    use crate::entities::agency;
    agency::Entity::find()
        .select_only()
        .column(agency::Column::Id)
        .column(agency::Column::Name)
        .filter(agency::Column::ProgramId.eq(program_id))
        .filter(agency::Column::Active.eq(true))
        .order_by_asc(agency::Column::Name)
        .into_tuple()
        .all(db)
        .await
}

/// What a link to the form may preselect (the packet refusal links here): the kind, the
/// agency (an id, or `other`) and the records, comma-separated. Anything else is ignored.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Preselect {
    pub kind: String,
    pub agency: String,
    pub records: String,
}

pub async fn consent_page(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
    Query(pre): Query<Preselect>,
) -> AppResult<Markup> {
    let c = authorized_child(&state, &page, &meta, id, Action::EditChild).await?;
    let parent = model::primary_caregiver(&state.db, c.family_id).await?;
    let agencies = directory(&state.db, c.program_id).await?;
    let kind = crate::entities::Choice::parse(&pre.kind)
        .map(|k: crate::entities::consent::Kind| k.to_string());
    let agency = match pre.agency.as_str() {
        OTHER => OTHER.to_owned(),
        a if agencies.iter().any(|(id, _)| id.to_string() == a) => a.to_owned(),
        _ => String::new(),
    };
    let form = ConsentForm {
        kind: kind.unwrap_or_default(),
        agency,
        records: pre
            .records
            .split(',')
            .map(|r| r.trim().to_owned())
            .collect(),
        decided_on: page.user.today().to_string(),
        decided_by: parent.map(|g| g.name).unwrap_or_default(),
        ..Default::default()
    };
    Ok(views::consent_form(
        &page,
        &c,
        &agencies,
        &form,
        &Errors::default(),
    ))
}

pub async fn add_consent(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
    Form(form): Form<ConsentForm>,
) -> AppResult<Response> {
    let c = authorized_child(&state, &page, &meta, id, Action::EditChild).await?;
    let agencies = directory(&state.db, c.program_id).await?;
    let input = match form.parse(page.user.today(), &agencies) {
        Ok(i) => i,
        Err(e) => {
            let body = views::consent_form(&page, &c, &agencies, &form, &e);
            return Ok(respond::invalid(body));
        }
    };
    let actor = Actor::user(&page.user, &meta);
    let row = commands::record(&state.db, actor, id, page.user.id, input).await?;
    Ok(flash::redirect(
        &state,
        &format!("/children/{id}"),
        Kind::Success,
        if row.given {
            "Consent recorded."
        } else {
            "Declined consent recorded."
        },
    ))
}

pub async fn revoke_consent(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path((id, cid)): Path<(i32, i32)>,
) -> AppResult<Response> {
    authorized_child(&state, &page, &meta, id, Action::EditChild).await?;
    let actor = Actor::user(&page.user, &meta);
    let (kind, msg) = match commands::revoke(&state.db, actor, id, cid, page.user.today()).await {
        Ok(()) => (Kind::Success, "Consent revoked from today."),
        Err(commands::RevokeError::NotInForce) => (
            Kind::Info,
            "That consent is not in force; nothing to revoke.",
        ),
        Err(commands::RevokeError::NotFound) => return Err(AppError::NotFound),
        Err(commands::RevokeError::Db(e)) => return Err(e.into()),
    };
    Ok(flash::redirect(
        &state,
        &format!("/children/{id}"),
        kind,
        msg,
    ))
}
