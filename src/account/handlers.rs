//! Sign-in, sign-out and the account page. A refused form is shown again with what was
//! typed and the errors beside the fields, answered 422 like every other form.
use super::{
    commands::{self, PasswordError},
    views,
};
use crate::views::form_body::Form;
use crate::{
    audit::{Actor, Event},
    auth::{CsrfToken, CurrentUser, cookies, password, throttle},
    entities::{session, user},
    error::AppResult,
    meta::RequestMeta,
    state::AppState,
    views::{
        Page, fields,
        flash::{self, Kind},
        form::Errors,
        respond,
    },
};
use axum::{
    extract::{Query, State},
    response::{IntoResponse, Redirect, Response},
};
use chrono::{Local, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub password: String,
    #[serde(default)]
    pub next: String,
}

#[derive(Debug, Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

pub async fn login_page(
    user: Option<CurrentUser>,
    CsrfToken(csrf): CsrfToken,
    Query(q): Query<NextQuery>,
    flash: Option<axum::Extension<flash::Flash>>,
) -> Response {
    if user.is_some() {
        return Redirect::to("/").into_response();
    }
    let form = LoginForm {
        next: q.next.unwrap_or_default(),
        ..Default::default()
    };
    views::login(&csrf, &form, &Errors::default(), flash.map(|f| f.0)).into_response()
}

/// Only a local path is followed after sign-in: one leading `/`, then no second `/`, no
/// backslash, no whitespace and no control character anywhere. Browsers drop tabs and line
/// breaks from a URL, so `/\t/evil.example/` would reach them as `//evil.example/`, another
/// site; and a line break or NUL cannot go in a `Location` header at all (it answered 500).
fn safe_next(next: &str) -> &str {
    let local = next.starts_with('/')
        && !next.starts_with("//")
        && !next
            .chars()
            .any(|c| c == '\\' || c.is_whitespace() || c.is_control());
    if local { next } else { "/" }
}

pub async fn login(
    State(state): State<AppState>,
    CsrfToken(csrf): CsrfToken,
    meta: RequestMeta,
    Form(form): Form<LoginForm>,
) -> AppResult<Response> {
    let mut errors = Errors::default();
    let email =
        fields::text(&mut errors, "email", &form.email, fields::limit::EMAIL).to_lowercase();
    if email.is_empty() {
        errors.add("email", "Enter your e-mail address.");
    }
    if form.password.is_empty() {
        errors.add("password", "Enter your password.");
    }
    if !errors.is_empty() {
        return Ok(respond::invalid(views::login(&csrf, &form, &errors, None)));
    }
    let ip = meta.ip_or_unknown();
    let now = Utc::now();
    let locked = match throttle::locked_until(&state.db, &email, &ip, now).await? {
        Some(until) => Err(until),
        None => throttle::reserve(&state.db, &email, &ip).await?,
    };
    let attempt = match locked {
        Ok(attempt) => attempt,
        Err(until) => {
            state
                .audit
                .record(
                    &Actor::anonymous(&meta),
                    Event::new("auth.login_throttled", "user", &email),
                )
                .await?;
            let minutes = ((until - now).num_seconds() + 59) / 60;
            let at = until.with_timezone(&Local).format("%H:%M");
            errors.add(
                "email",
                format!(
                    "Too many failed sign-ins. For your security, wait {minutes} minute{} and try again after {at}.",
                    if minutes == 1 { "" } else { "s" }
                ),
            );
            return Ok(respond::invalid(views::login(&csrf, &form, &errors, None)));
        }
    };

    let found = user::Entity::find()
        .filter(user::Column::Email.eq(email.clone()))
        .one(&state.db)
        .await?;
    let ok = password::verify(
        form.password.clone(),
        found.as_ref().map(|u| u.password_hash.clone()),
    )
    .await;
    let user = match found {
        Some(u) if ok && u.active => u,
        other => {
            let mut actor = Actor::anonymous(&meta);
            actor.program_id = other.as_ref().map(|u| u.program_id);
            let known = other.is_some();
            commands::failed_sign_in(&state.db, actor, &email, known).await?;
            errors.add(
                "password",
                "That e-mail and password do not match. Check both and try again.",
            );
            return Ok(respond::invalid(views::login(&csrf, &form, &errors, None)));
        }
    };

    let cookie = commands::sign_in(&state, &meta, &user, attempt).await?;

    let mut res = Redirect::to(safe_next(&form.next)).into_response();
    cookies::append(&mut res, cookie);
    Ok(res)
}

pub async fn logout(
    State(state): State<AppState>,
    user: CurrentUser,
    meta: RequestMeta,
) -> AppResult<Response> {
    let actor = Actor::user(&user, &meta);
    commands::sign_out(&state.db, actor, user.id, &user.session_id).await?;
    let mut res = flash::redirect(&state, "/login", Kind::Info, "You have signed out.");
    let removal = cookies::removal(&state.config, cookies::SESSION);
    cookies::append(&mut res, removal);
    // What the phone kept for working offline (notes, pages, drafts) goes with the session.
    res.headers_mut().insert(
        "clear-site-data",
        axum::http::HeaderValue::from_static("\"cache\", \"storage\""),
    );
    Ok(res)
}

pub async fn account_page(page: Page) -> impl IntoResponse {
    views::account(&page, &Errors::default())
}

const CHANGED_ELSEWHERE: &str = "Your password was changed in another session a moment ago, so this change was not made. Sign in again with the new password.";

#[derive(Debug, Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current: String,
    #[serde(default)]
    new: String,
    #[serde(default)]
    confirm: String,
}

/// Changing the password signs out every session, this one included, then starts a
/// fresh one here: a stolen cookie stops working the moment the owner reacts.
pub async fn change_password(
    State(state): State<AppState>,
    page: Page,
    meta: RequestMeta,
    Form(form): Form<PasswordForm>,
) -> AppResult<Response> {
    let mut errors = Errors::default();
    let me = user::Entity::find_by_id(page.user.id)
        .one(&state.db)
        .await?
        .ok_or(crate::error::AppError::Unauthorized)?;
    if !password::verify(form.current.clone(), Some(me.password_hash.clone())).await {
        // A change from another session ends this one in the commit that replaces the hash,
        // so a hash read after that commit comes with this session ended: say what happened.
        let ended = session::Entity::find_by_id(page.user.session_id.clone())
            .one(&state.db)
            .await?
            .is_none_or(|s| s.revoked_at.is_some());
        errors.add(
            "current",
            if ended {
                CHANGED_ELSEWHERE
            } else {
                "That is not your current password."
            },
        );
    }
    if let Err(msg) = password::check_new(&form.new, &me.email) {
        errors.add("new", msg);
    } else if form.new != form.confirm {
        errors.add("confirm", "The two new passwords are not the same.");
    }
    if !errors.is_empty() {
        return Ok(respond::invalid(views::account(&page, &errors)));
    }
    let hash = password::hash(form.new).await;
    let actor = Actor::user(&page.user, &meta);
    let checked = &me.password_hash;
    let cookie = match commands::change_password(&state, &meta, actor, me.id, checked, hash).await {
        Ok(cookie) => cookie,
        Err(PasswordError::Changed) => {
            errors.add("current", CHANGED_ELSEWHERE);
            return Ok(respond::invalid(views::account(&page, &errors)));
        }
        Err(PasswordError::Failed(e)) => return Err(e),
    };
    let mut res = flash::redirect(
        &state,
        "/account",
        Kind::Success,
        "Password changed. You have been signed out everywhere else.",
    );
    cookies::append(&mut res, cookie);
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_a_local_path_is_followed() {
        for ok in ["/", "/children/3", "/visits?week=2026-03-02", "/a/b#c"] {
            assert_eq!(safe_next(ok), ok);
        }
        for bad in [
            "",
            "children",
            "//evil.example/",
            "/\t/evil.example/",
            "/\n/evil.example/",
            "/\r\n/evil.example",
            "/ /evil.example",
            "/\\evil.example",
            "/\\/evil.example",
            "/a\0b",
            "/a\u{85}b",
            "https://evil.example/",
            "/\u{3000}/evil.example",
        ] {
            assert_eq!(safe_next(bad), "/", "{bad:?}");
        }
    }
}
