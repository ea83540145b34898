//! The checks that need the database: which rows the ids name, references that name nothing,
//! unique e-mails and slugs, and likely duplicate children.
use super::parse::{Parsed, Problem};
use crate::entities::{
    agency, caregiver, child, consent, cos_rating, delay, disclosure, evaluation,
    evaluation_result, family, ifsp, ifsp_outcome, ifsp_service, ifsp_signature, outcome_progress,
    program, referral, referral_packet, transition, transition_step, user, visit, visit_addendum,
};
use crate::interchange::Kind;
use crate::interchange::ids::{self, Locals};
use crate::interchange::records::{Record, phone_key};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect};
use std::collections::{BTreeMap, HashMap, HashSet};

pub(super) const CHUNK: usize = 500;

/// Which of `locals` are rows of `kind`.
async fn existing(
    db: &impl ConnectionTrait,
    kind: Kind,
    locals: &[i32],
) -> Result<HashSet<i32>, DbErr> {
    macro_rules! ids_of {
        ($m:ident, $chunk:expr) => {
            $m::Entity::find()
                .select_only()
                .column($m::Column::Id)
                .filter($m::Column::Id.is_in($chunk.iter().copied()))
                .into_tuple::<i32>()
                .all(db)
                .await?
        };
    }
    let mut out = HashSet::new();
    for chunk in locals.chunks(CHUNK) {
        out.extend(match kind {
            Kind::Program => ids_of!(program, chunk),
            Kind::Staff => ids_of!(user, chunk),
            Kind::Agency => ids_of!(agency, chunk),
            Kind::Family => ids_of!(family, chunk),
            Kind::Caregiver => ids_of!(caregiver, chunk),
            Kind::Child => ids_of!(child, chunk),
            Kind::Referral => ids_of!(referral, chunk),
            Kind::Consent => ids_of!(consent, chunk),
            Kind::Evaluation => ids_of!(evaluation, chunk),
            Kind::EvaluationResult => ids_of!(evaluation_result, chunk),
            Kind::Delay => ids_of!(delay, chunk),
            Kind::CosRating => ids_of!(cos_rating, chunk),
            Kind::Transition => ids_of!(transition, chunk),
            Kind::Ifsp => ids_of!(ifsp, chunk),
            Kind::IfspOutcome => ids_of!(ifsp_outcome, chunk),
            Kind::IfspService => ids_of!(ifsp_service, chunk),
            Kind::IfspSignature => ids_of!(ifsp_signature, chunk),
            Kind::TransitionStep => ids_of!(transition_step, chunk),
            Kind::OutcomeProgress => ids_of!(outcome_progress, chunk),
            Kind::Visit => ids_of!(visit, chunk),
            Kind::VisitAddendum => ids_of!(visit_addendum, chunk),
            Kind::ReferralPacket => ids_of!(referral_packet, chunk),
            Kind::Disclosure => ids_of!(disclosure, chunk),
        });
    }
    Ok(out)
}

/// Finds the local row of every id the file uses (its records' and their references'), and
/// reports each reference that names neither a record of the file nor a row here.
pub async fn resolve(
    db: &impl ConnectionTrait,
    tag: &str,
    parsed: &[Parsed],
    failed: &HashSet<(Kind, String)>,
    problems: &mut Vec<Problem>,
) -> Result<Locals, DbErr> {
    let mut in_file: HashMap<(Kind, &str), usize> = HashMap::new();
    for p in parsed {
        let key = (p.rec.kind(), p.rec.id());
        if let Some(first) = in_file.get(&key) {
            problems.push(problem(p, "id", format!("the same id as line {first}")));
        } else {
            in_file.insert(key, p.line);
        }
    }
    let mut wanted: BTreeMap<Kind, Vec<String>> = BTreeMap::new();
    for p in parsed {
        wanted
            .entry(p.rec.kind())
            .or_default()
            .push(p.rec.id().to_owned());
        for r in p.rec.refs() {
            wanted.entry(r.kind).or_default().push(r.id.to_owned());
        }
    }
    let mut locals = Locals::default();
    for (kind, mut exts) in wanted {
        exts.sort();
        exts.dedup();
        for (ext, local) in ids::local_of(db, kind, &exts).await? {
            locals.insert(kind, &ext, local);
        }
        let native: Vec<(String, i32)> = exts
            .iter()
            .filter_map(|e| ids::parse_native(kind, e, tag).map(|n| (e.clone(), n)))
            .collect();
        let ns: Vec<i32> = native.iter().map(|(_, n)| *n).collect();
        let found = existing(db, kind, &ns).await?;
        for (ext, n) in native {
            if found.contains(&n) {
                locals.insert(kind, &ext, n);
            }
        }
    }
    for p in parsed {
        for r in p.rec.refs() {
            if !in_file.contains_key(&(r.kind, r.id))
                && !failed.contains(&(r.kind, r.id.to_owned()))
                && locals.find(r.kind, r.id).is_none()
            {
                problems.push(problem(
                    p,
                    r.field,
                    format!("no {} {:?} in the file or the database", r.kind, r.id),
                ));
            }
        }
    }
    chains(parsed, problems);
    unique(db, parsed, &locals, problems).await?;
    super::plans::locked(db, parsed, &locals, problems).await?;
    super::visits::same_child(db, parsed, &locals, problems).await?;
    Ok(locals)
}

/// A record naming one of its own type (a plan the version it supersedes, an evaluation
/// its correction, an outcome its origin) is written after it; a chain that comes back to
/// where it started cannot be written in any order.
fn chains(parsed: &[Parsed], problems: &mut Vec<Problem>) {
    let mut by_type: Vec<&Parsed> = parsed.iter().collect();
    by_type.sort_by_key(|p| p.rec.kind());
    for group in by_type.chunk_by(|a, b| a.rec.kind() == b.rec.kind()) {
        for (i, field) in super::write::chained(group).1 {
            problems.push(problem(
                group[i],
                field,
                "a chain of records of this type that comes back to this one".into(),
            ));
        }
    }
}

pub(super) fn problem(p: &Parsed, field: &str, message: String) -> Problem {
    Problem {
        line: p.line,
        record: Some((p.rec.kind().as_str().to_owned(), p.rec.id().to_owned())),
        field: field.to_owned(),
        message,
    }
}

/// A staff e-mail or a program slug already used by another row, or twice in the file.
async fn unique(
    db: &impl ConnectionTrait,
    parsed: &[Parsed],
    locals: &Locals,
    problems: &mut Vec<Problem>,
) -> Result<(), DbErr> {
    let mut emails: HashMap<String, usize> = HashMap::new();
    let mut slugs: HashMap<String, usize> = HashMap::new();
    for p in parsed {
        let (seen, field, value) = match &p.rec {
            Record::Staff(s) => (&mut emails, "email", s.email.to_lowercase()),
            Record::Program(pr) => (&mut slugs, "slug", pr.slug.clone()),
            _ => continue,
        };
        if let Some(first) = seen.get(&value) {
            problems.push(problem(p, field, format!("the same as line {first}")));
        } else {
            seen.insert(value, p.line);
        }
    }
    let taken_emails: HashMap<String, i32> = user::Entity::find()
        .select_only()
        .columns([user::Column::Email, user::Column::Id])
        .filter(user::Column::Email.is_in(emails.keys().cloned()))
        .into_tuple::<(String, i32)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(e, id)| (e.to_lowercase(), id))
        .collect();
    let taken_slugs: HashMap<String, i32> = program::Entity::find()
        .select_only()
        .columns([program::Column::Slug, program::Column::Id])
        .filter(program::Column::Slug.is_in(slugs.keys().cloned()))
        .into_tuple::<(String, i32)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    for p in parsed {
        let (taken, field, value, what) = match &p.rec {
            Record::Staff(s) => (&taken_emails, "email", s.email.to_lowercase(), "account"),
            Record::Program(pr) => (&taken_slugs, "slug", pr.slug.clone(), "program"),
            _ => continue,
        };
        if let Some(owner) = taken.get(&value)
            && locals.find(p.rec.kind(), p.rec.id()) != Some(*owner)
        {
            problems.push(problem(p, field, format!("another {what} here has it")));
        }
    }
    Ok(())
}

/// Likely duplicate children, reported for a person to look at, never merged: the same name
/// and date of birth, or a caregiver with the same phone number in another family, between
/// two records of the file or a record and a row here that it does not update.
pub async fn duplicates(
    db: &impl ConnectionTrait,
    parsed: &[Parsed],
    locals: &Locals,
) -> Result<Vec<String>, DbErr> {
    let mut out = Vec::new();
    let key = |first: &str, last: &str, dob: chrono::NaiveDate| {
        (first.trim().to_lowercase(), last.trim().to_lowercase(), dob)
    };
    let children: Vec<(&Parsed, &crate::interchange::records::ChildRec)> = parsed
        .iter()
        .filter_map(|p| match &p.rec {
            Record::Child(c) => Some((p, c)),
            _ => None,
        })
        .collect();
    let mut seen: HashMap<_, &Parsed> = HashMap::new();
    for (p, c) in &children {
        let k = key(&c.first_name, &c.last_name, c.date_of_birth);
        if let Some(first) = seen.get(&k) {
            out.push(format!(
                "line {}: child {}: same name and date of birth as child {} (line {})",
                p.line,
                c.id,
                first.rec.id(),
                first.line
            ));
        } else {
            seen.insert(k, p);
        }
    }
    let mut dobs: Vec<chrono::NaiveDate> = children.iter().map(|(_, c)| c.date_of_birth).collect();
    dobs.sort();
    dobs.dedup();
    for chunk in dobs.chunks(CHUNK) {
        let rows = child::Entity::find()
            .filter(child::Column::DateOfBirth.is_in(chunk.iter().copied()))
            .all(db)
            .await?;
        for (p, c) in &children {
            let mine = locals.find(Kind::Child, &c.id);
            for m in &rows {
                if Some(m.id) != mine
                    && key(&m.first_name, &m.last_name, m.date_of_birth)
                        == key(&c.first_name, &c.last_name, c.date_of_birth)
                {
                    out.push(format!(
                        "line {}: child {}: same name and date of birth as {} (id {}) here",
                        p.line,
                        c.id,
                        m.full_name(),
                        m.id
                    ));
                }
            }
        }
    }
    // Caregivers: the same number in two families.
    let carers: Vec<(&Parsed, &crate::interchange::records::CaregiverRec, String)> = parsed
        .iter()
        .filter_map(|p| match &p.rec {
            Record::Caregiver(c) => Some((p, c, phone_key(c.phone.as_deref()?)?)),
            _ => None,
        })
        .collect();
    let mut by_phone: HashMap<&str, (&Parsed, &str)> = HashMap::new();
    for (p, c, k) in &carers {
        match by_phone.get(k.as_str()) {
            Some((first, fam)) if *fam != c.family => out.push(format!(
                "line {}: caregiver {}: same phone as caregiver {} (line {}) of another family",
                p.line,
                c.id,
                first.rec.id(),
                first.line
            )),
            Some(_) => {}
            None => {
                by_phone.insert(k, (p, &c.family));
            }
        }
    }
    // Stored numbers are compared by their digits too: the same strip in SQL, then the
    // exact key here.
    let mut keys: Vec<String> = carers.iter().map(|(_, _, k)| k.clone()).collect();
    keys.sort();
    keys.dedup();
    let digits = Expr::cust(
        "REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(phone, ' ', ''), '-', ''), '(', ''), \
         ')', ''), '.', ''), '+', '')",
    );
    for chunk in keys.chunks(CHUNK / 2) {
        let with_country: Vec<String> = chunk
            .iter()
            .flat_map(|k| [k.clone(), format!("1{k}")])
            .collect();
        let rows = caregiver::Entity::find()
            .filter(digits.clone().is_in(with_country))
            .all(db)
            .await?;
        for (p, c, k) in &carers {
            let family = locals.find(Kind::Family, &c.family);
            for m in &rows {
                if Some(m.family_id) != family
                    && m.phone.as_deref().and_then(phone_key).as_deref() == Some(k.as_str())
                {
                    out.push(format!(
                        "line {}: caregiver {}: same phone as {} (id {}) of another family here",
                        p.line, c.id, m.name, m.id
                    ));
                }
            }
        }
    }
    Ok(out)
}
