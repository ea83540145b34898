//! One row of the file read through the mapping into the intake's own `ReferralForm`: a
//! choice written as its label ("Mother", "Physician or medical home") or out in words
//! ("Spanish", "Español") becomes its stored value, a US date becomes `YYYY-MM-DD`; anything
//! else is passed on as typed for the intake's parse to refuse by name.
use super::fields::{Mapping, fold};
use crate::{
    children::intake::ReferralForm,
    entities::{Choice, Lang, caregiver, child, referral},
};

/// A choice cell as the stored value when it names one of `T`'s values or labels (folded),
/// else as typed, for the intake's parse to refuse by name.
fn choice<T: Choice>(cell: &str) -> String {
    let c = fold(cell);
    T::options()
        .into_iter()
        .find(|(v, l)| fold(v) == c || fold(l) == c)
        .map_or_else(|| cell.trim().to_owned(), |(v, _)| v.to_owned())
}

/// A date as the intake reads it (`YYYY-MM-DD`); a US `M/D/YYYY` cell is turned into one.
fn date(cell: &str) -> String {
    let c = cell.trim();
    chrono::NaiveDate::parse_from_str(c, "%m/%d/%Y")
        .map(|d| d.to_string())
        .unwrap_or_else(|_| c.to_owned())
}

/// One row of the file as the intake form, filled through the mapping. A language written
/// out ("Spanish", "Español") is its code; with no preferred contact the phone is preferred
/// when there is one, else the e-mail.
pub fn row_form(m: &Mapping, row: &[String]) -> ReferralForm {
    let cell = |name: &str| {
        m.get(name)
            .and_then(|i| row.get(*i))
            .map(|s| s.trim().to_owned())
            .unwrap_or_default()
    };
    let language = match fold(&cell("language")).as_str() {
        "english" | "ingles" => Lang::En.as_str().to_owned(),
        "spanish" | "espanol" => Lang::Es.as_str().to_owned(),
        _ => choice::<Lang>(&cell("language")),
    };
    let mut form = ReferralForm {
        first_name: cell("first_name"),
        last_name: cell("last_name"),
        date_of_birth: date(&cell("date_of_birth")),
        gestational_weeks: cell("gestational_weeks"),
        sex: choice::<child::Sex>(&cell("sex")),
        race_ethnicity: choice::<child::RaceEthnicity>(&cell("race_ethnicity")),
        received_on: date(&cell("received_on")),
        source: choice::<referral::Source>(&cell("source")),
        source_name: cell("source_name"),
        concerns: cell("concerns"),
        caregiver_name: cell("caregiver_name"),
        relationship: choice::<caregiver::Relationship>(&cell("relationship")),
        email: cell("email"),
        phone: cell("phone"),
        preferred_contact: choice::<caregiver::Contact>(&cell("preferred_contact")),
        language,
        interpreter_needed: matches!(
            fold(&cell("interpreter_needed")).as_str(),
            "yes" | "y" | "true" | "1" | "x" | "si"
        )
        .then(|| "yes".to_owned()),
        address_line: cell("address_line"),
        city: cell("city"),
        county: cell("county"),
        postal_code: cell("postal_code"),
        ..Default::default()
    };
    if form.preferred_contact.is_empty() {
        form.preferred_contact = if !form.phone.is_empty() {
            caregiver::Contact::Phone.as_str().to_owned()
        } else if !form.email.is_empty() {
            caregiver::Contact::Email.as_str().to_owned()
        } else {
            String::new()
        };
    }
    form
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::children::import::fields::guess;

    fn headers(h: &[&str]) -> Vec<String> {
        h.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn cells_become_the_form_values() {
        let h = headers(&["Language", "Relationship", "Source", "DOB", "Phone"]);
        let m = guess(&h);
        let row = headers(&["Español", "Mother", "Physician", "4/2/2025", "555-201-3344"]);
        let form = row_form(&m, &row);
        assert_eq!(form.language, "es");
        assert_eq!(form.relationship, "mother");
        assert_eq!(form.source, "physician");
        assert_eq!(form.date_of_birth, "2025-04-02");
        assert_eq!(form.preferred_contact, "phone");
    }
}
