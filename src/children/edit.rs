//! Editing a child's details and exiting a case. Edits carry the version they started
//! from: if someone saved in between, the second save is refused and both versions are
//! shown, so nothing is silently overwritten.
use super::{authorized_child, model, records::bump, views};
use crate::{
    audit::{self, Actor, Event},
    entities::{Choice, child},
    error::AppResult,
    meta::RequestMeta,
    policy::Action,
    state::AppState,
    views::{
        Page,
        fields::{parse_date, required},
        flash::{self, Kind},
        form::Errors,
    },
};
use axum::{
    Form,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
};
use chrono::NaiveDate;
use maud::Markup;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Set, sea_query::Expr};
use serde::Deserialize;
use serde_json::json;

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct ChildForm {
    pub first_name: String,
    pub last_name: String,
    pub date_of_birth: String,
    pub gestational_weeks: String,
    pub sex: String,
    pub version: String,
}

/// A child's details that are valid to store.
pub struct ChildDetails {
    pub first_name: String,
    pub last_name: String,
    pub date_of_birth: NaiveDate,
    pub gestational_weeks: Option<i32>,
    pub sex: Option<child::Sex>,
}

impl ChildForm {
    pub fn from_child(c: &child::Model) -> Self {
        ChildForm {
            first_name: c.first_name.clone(),
            last_name: c.last_name.clone(),
            date_of_birth: c.date_of_birth.to_string(),
            gestational_weeks: c
                .gestational_weeks
                .map(|w| w.to_string())
                .unwrap_or_default(),
            sex: c.sex.map(|s| s.as_str()).unwrap_or_default().to_owned(),
            version: c.version.to_string(),
        }
    }

    fn parse(&self, today: NaiveDate, received: Option<NaiveDate>) -> Result<ChildDetails, Errors> {
        let mut e = Errors::default();
        let first = required(
            &mut e,
            "first_name",
            &self.first_name,
            "Enter the child's first name.",
            80,
        );
        let last = required(
            &mut e,
            "last_name",
            &self.last_name,
            "Enter the child's last name.",
            80,
        );
        let dob = parse_date(
            &mut e,
            "date_of_birth",
            &self.date_of_birth,
            "child's date of birth",
        );
        if let Some(d) = dob {
            if d > today {
                e.add(
                    "date_of_birth",
                    format!("The date of birth cannot be in the future (it says {d})."),
                );
            } else if received.is_some_and(|r| r < d) {
                e.add(
                    "date_of_birth",
                    "The date of birth cannot be after the referral was received.",
                );
            }
        }
        let weeks = match self.gestational_weeks.trim() {
            "" => None,
            w => match w.parse::<i32>() {
                Ok(n) if (22..=44).contains(&n) => Some(n),
                _ => {
                    e.add("gestational_weeks", "Enter the weeks of gestation as a number from 22 to 44, or leave it empty.");
                    None
                }
            },
        };
        let sex = (!self.sex.is_empty())
            .then(|| e.choice("sex", &self.sex, "Choose from the list."))
            .flatten();
        match dob {
            Some(d) if e.is_empty() => Ok(ChildDetails {
                first_name: first,
                last_name: last,
                date_of_birth: d,
                gestational_weeks: weeks,
                sex,
            }),
            _ => Err(e),
        }
    }
}

pub async fn edit_page(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
) -> AppResult<Markup> {
    let c = authorized_child(&state, &page, &meta, id, Action::EditChild).await?;
    Ok(views::child_edit(
        &page,
        &c,
        &ChildForm::from_child(&c),
        &Errors::default(),
        None,
    ))
}

pub async fn update(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
    Form(form): Form<ChildForm>,
) -> AppResult<Response> {
    let c = authorized_child(&state, &page, &meta, id, Action::EditChild).await?;
    let case = model::load_case(&state.db, c.clone()).await?;
    let received = case.referrals.iter().map(|r| r.received_on).min();
    let d = match form.parse(page.user.today(), received) {
        Ok(v) => v,
        Err(errors) => {
            return Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                views::child_edit(&page, &c, &form, &errors, None),
            )
                .into_response());
        }
    };
    let started_from: i32 = form.version.parse().unwrap_or(-1);
    let txn = crate::db::begin_write(&state.db).await?;
    // The version check and the write are one statement, so two saves cannot both win.
    let res = child::Entity::update_many()
        .col_expr(child::Column::FirstName, Expr::value(d.first_name))
        .col_expr(child::Column::LastName, Expr::value(d.last_name))
        .col_expr(child::Column::DateOfBirth, Expr::value(d.date_of_birth))
        .col_expr(
            child::Column::GestationalWeeks,
            Expr::value(d.gestational_weeks),
        )
        .col_expr(child::Column::Sex, Expr::value(d.sex))
        .col_expr(child::Column::Version, Expr::value(started_from + 1))
        .col_expr(child::Column::UpdatedAt, Expr::value(chrono::Utc::now()))
        .filter(child::Column::Id.eq(id))
        .filter(child::Column::Version.eq(started_from))
        .exec(&txn)
        .await?;
    if res.rows_affected == 0 {
        txn.rollback().await?;
        let current = model::load_child(&state.db, id).await?.unwrap_or(c);
        let mut mine = form.clone();
        // Saving again from the conflict page is a deliberate choice to replace what is there.
        mine.version = current.version.to_string();
        let body = views::child_edit(
            &page,
            &current,
            &mine,
            &Errors::default(),
            Some(&ChildForm::from_child(&current)),
        );
        return Ok((StatusCode::CONFLICT, body).into_response());
    }
    let ev =
        Event::new("child.updated", "child", id).detail(json!({ "version": started_from + 1 }));
    audit::record_in(&txn, &Actor::user(&page.user, &meta), ev).await?;
    txn.commit().await?;
    Ok(flash::redirect(
        &state,
        &format!("/children/{id}"),
        Kind::Success,
        "Details saved.",
    ))
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct ExitForm {
    pub exit_category: String,
    pub exit_date: String,
}

pub async fn exit_page(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
) -> AppResult<Markup> {
    let c = authorized_child(&state, &page, &meta, id, Action::EditChild).await?;
    let form = ExitForm {
        exit_date: page.user.today().to_string(),
        ..Default::default()
    };
    Ok(views::exit_form(&page, &c, &form, &Errors::default()))
}

pub async fn exit(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Path(id): Path<i32>,
    Form(form): Form<ExitForm>,
) -> AppResult<Response> {
    let c = authorized_child(&state, &page, &meta, id, Action::EditChild).await?;
    let mut e = Errors::default();
    let category: Option<child::ExitCategory> = e.choice(
        "exit_category",
        &form.exit_category,
        "Choose the exit category.",
    );
    let date = parse_date(&mut e, "exit_date", &form.exit_date, "exit date");
    if date.is_some_and(|d| d > page.user.today()) {
        e.add("exit_date", "The exit date cannot be in the future.");
    } else if date.is_some_and(|d| d < c.date_of_birth) {
        e.add(
            "exit_date",
            "The exit date cannot be before the child was born.",
        );
    }
    if c.status == child::Status::Exited {
        e.add("exit_category", "This child has already exited.");
    }
    let (Some(date), Some(category), true) = (date, category, e.is_empty()) else {
        return Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            views::exit_form(&page, &c, &form, &e),
        )
            .into_response());
    };
    let txn = crate::db::begin_write(&state.db).await?;
    bump(&txn, &c, |m| {
        m.status = Set(child::Status::Exited);
        m.exit_category = Set(Some(category));
        m.exit_date = Set(Some(date));
    })
    .await?;
    let ev = Event::new("child.exited", "child", id)
        .detail(json!({ "category": category.as_str(), "date": date }));
    audit::record_in(&txn, &Actor::user(&page.user, &meta), ev).await?;
    txn.commit().await?;
    Ok(flash::redirect(
        &state,
        &format!("/children/{id}"),
        Kind::Success,
        "Exit recorded.",
    ))
}
