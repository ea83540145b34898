//! `hearth user create`: a staff account made from the command line (the first admin of a new
//! installation has no page to sign in to), parsed by the same form as the staff page.
use crate::{
    audit,
    config::Config,
    entities::{
        Choice, program,
        user::{Discipline, Role},
    },
    staff::model::{self, NewStaffForm},
};
use anyhow::{Context, bail};
use clap::Subcommand;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use std::io::BufRead;

#[derive(Subcommand)]
pub enum UserAction {
    /// Create a staff account. The password is read from standard input, or generated and printed.
    Create {
        #[arg(long)]
        email: String,
        /// admin, supervisor, coordinator or provider.
        #[arg(long)]
        role: String,
        /// The program's slug or id.
        #[arg(long)]
        program: String,
        #[arg(long)]
        name: Option<String>,
        /// For providers: slp, ot, pt, dev_specialist, social_worker, psychologist, nurse,
        /// dietitian, audiologist, vision, family_therapist.
        #[arg(long)]
        discipline: Option<String>,
        /// Read the password from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
    },
}

/// Carries out one `hearth user` action on a migrated database, then moves the audit anchor
/// on past the row it wrote.
pub async fn run(
    db: &DatabaseConnection,
    config: &Config,
    action: UserAction,
) -> anyhow::Result<()> {
    let UserAction::Create {
        email,
        role,
        program,
        name,
        discipline,
        password_stdin,
    } = action;
    let p = program::Entity::find()
        .filter(match program.parse::<i32>() {
            Ok(id) => program::Column::Id.eq(id),
            Err(_) => program::Column::Slug.eq(program.clone()),
        })
        .one(db)
        .await?
        .with_context(|| {
            format!("no program '{program}' (create one with: hearth program create)")
        })?;
    let (password, generated) = if password_stdin {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        (line.trim_end_matches(['\r', '\n']).to_owned(), false)
    } else {
        (hex::encode(rand::random::<[u8; 9]>()), true)
    };
    let form = NewStaffForm {
        display_name: name.unwrap_or_else(|| email.split('@').next().unwrap_or("").to_owned()),
        email,
        role,
        discipline: discipline.unwrap_or_default(),
        password: password.clone(),
    };
    // The installation may make a lead agency; a program's admin (the staff form) may not.
    let parsed = match form.parse_for(&Role::all().collect::<Vec<_>>()) {
        Ok(s) => s,
        Err(errors) => {
            for (field, msg) in errors.iter() {
                eprintln!("{field}: {msg}");
            }
            eprintln!("roles: {}", names(Role::all()));
            eprintln!("disciplines: {}", names(Discipline::all()));
            bail!("user not created");
        }
    };
    if model::email_taken(db, &parsed.email).await? {
        bail!("someone already signs in with {}", parsed.email);
    }
    let u = model::insert(db, p.id, parsed).await?;
    audit::record(
        db,
        &audit::Actor::system(Some(p.id)),
        audit::Event::new("staff.created", "user", u.id),
    )
    .await?;
    println!("created {} ({}) in {}", u.email, u.role.label(), p.name);
    if generated {
        println!("password: {password}");
    }
    audit::anchor::advance(db, &config.audit_anchor).await?;
    Ok(())
}

/// The choices' stored names, comma-separated, for the refusal's hint.
fn names<C: Choice>(all: impl Iterator<Item = C>) -> String {
    all.map(Choice::as_str).collect::<Vec<_>>().join(", ")
}
