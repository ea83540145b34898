//! The SEA/LEA notification (303.209(b)(1)): only the child's name, date of birth and parent
//! contact information, only for a toddler potentially eligible for Part B, only once the
//! family's objection period has passed without an objection. Each agency's copy is a
//! disclosure; an agency with an e-mail address gets it through the outbox, any other gets a
//! printable document to send by its preferred channel.
use super::{
    commands,
    handlers::workspace,
    rules::may_notify,
    views::{self, Forms},
};
use crate::views::form_body::Form;
use crate::{
    audit::{Actor, Event},
    children::authorized_child,
    entities::{agency, disclosure},
    error::{AppError, AppResult},
    mail::outbox::NewMail,
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
    extract::{Path, State},
    response::Response,
};
use chrono::NaiveDate;
use maud::Markup;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};
use serde_json::json;

pub const PURPOSE: &str = "Notification of a toddler potentially eligible for Part B preschool services (34 CFR 303.209(b)(1))";

/// Everything the notice says: nothing else may be added here without changing the law.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Notice {
    pub child_name: String,
    pub date_of_birth: NaiveDate,
    pub parents: Vec<ParentContact>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct ParentContact {
    pub name: String,
    pub address: String,
    pub phone: String,
    pub email: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NotifyForm {
    pub version: String,
    pub agency: Vec<i32>,
}

pub async fn notify(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
    Form(form): Form<NotifyForm>,
) -> AppResult<Response> {
    let c = authorized_child(&state, &page, &meta, id, Action::EditChild).await?;
    let ws = workspace(&state, &page, c).await?;
    let today = page.user.today();
    let r = &ws.record;
    let refuse = |msg: String| {
        let mut e = Errors::default();
        e.add("agency", msg);
        views::page(
            &page,
            &ws,
            Forms {
                notice: Some(e),
                ..Default::default()
            },
        )
    };
    if let Err(block) = may_notify(
        r.potentially_eligible,
        ws.objected,
        r.opt_out_informed_on,
        r.notified_on,
        today,
        &page.user.rules,
    ) {
        let ev = Event::new("transition.notification_refused", "child", id)
            .detail(json!({ "reason": format!("{block:?}") }));
        state
            .audit
            .record(&Actor::user(&page.user, &meta), ev)
            .await?;
        return Ok(respond::conflict(refuse(block.message())));
    }
    let chosen: Vec<&agency::Model> = ws
        .leas
        .iter()
        .chain(ws.seas.iter())
        .filter(|a| form.agency.contains(&a.id))
        .collect();
    if chosen.is_empty() || chosen.len() != form.agency.len() {
        return Ok(respond::invalid(refuse("Choose the school district (and the state agency, if your state asks for it) from the list.".into())));
    }
    let notice = Notice {
        child_name: ws.case.child.full_name(),
        date_of_birth: ws.case.child.date_of_birth,
        parents: ws
            .case
            .caregivers
            .iter()
            .map(|g| ParentContact {
                name: g.name.clone(),
                address: [
                    ws.case.family.address_line.as_str(),
                    ws.case.family.city.as_str(),
                    ws.case.family.postal_code.as_str(),
                ]
                .iter()
                .filter(|s| !s.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(", "),
                phone: g.phone.clone().unwrap_or_default(),
                email: g.email.clone().unwrap_or_default(),
            })
            .collect(),
    };
    let content = serde_json::to_string(&notice).map_err(AppError::internal)?;
    let seen: i32 = form.version.parse().unwrap_or(-1);
    let mut record = r.clone();
    record.notified_on = Some(today);
    let copies = chosen
        .iter()
        .map(|a| commands::Copy {
            agency_id: a.id,
            recipient: a.name.clone(),
            mail: (!a.email.is_empty()).then(|| {
                let (text, html) = views::notice_mail(&notice, &page.user.program_name);
                NewMail {
                    program_id: page.user.program_id,
                    child_id: Some(id),
                    note_id: None,
                    caregiver_id: None,
                    kind: crate::entities::outbox::Kind::LeaNotification,
                    to_address: a.email.clone(),
                    to_name: a.name.clone(),
                    language: crate::i18n::Lang::En,
                    subject: format!("Part C transition notification: {}", notice.child_name),
                    text_body: text,
                    html_body: html,
                    reply_to: String::new(),
                    created_by: page.user.id,
                }
            }),
        })
        .collect();
    let n = commands::Notification {
        what: "Child's name, date of birth and parent contact information".into(),
        purpose: PURPOSE.into(),
        content,
        by: page.user.id,
        agencies: form.agency.clone(),
    };
    let host = state
        .config
        .base_url
        .host_str()
        .unwrap_or("localhost")
        .to_owned();
    let actor = Actor::user(&page.user, &meta);
    let mail = &state.config.mail;
    match commands::notify(&state.db, actor, &record, seen, n, copies, mail, &host).await {
        Ok(()) => {}
        Err(commands::SaveError::Stale) => {
            return Ok(respond::conflict(refuse("Someone else changed this child's transition meanwhile; nothing was sent. Check the page and send again.".into())));
        }
        Err(commands::SaveError::Db(e)) => return Err(e.into()),
    }
    state.mail_wake.notify_one();
    Ok(flash::redirect(
        &state,
        &format!("/children/{id}/transition"),
        Kind::Success,
        "Notification sent and logged as a disclosure.",
    ))
}

/// One agency's notice as a printable document (to fax or post where the agency has no
/// e-mail).
pub async fn document(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path((id, did)): Path<(i32, i32)>,
) -> AppResult<Markup> {
    authorized_child(&state, &page, &meta, id, Action::ViewChild).await?;
    let d = disclosure::Entity::find_by_id(did)
        .filter(disclosure::Column::ChildId.eq(id))
        .filter(disclosure::Column::Kind.eq(disclosure::Kind::LeaNotification))
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let notice: Notice = serde_json::from_str(&d.content).map_err(AppError::internal)?;
    Ok(views::notice_document(&page.user.program_name, &d, &notice))
}
