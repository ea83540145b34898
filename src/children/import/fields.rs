//! The intake fields a spreadsheet column can fill, the column guessed for each from the
//! header names (English and Spanish), and the mapping the user chose (`cells` reads a row
//! through it).
use crate::views::form::Errors;
use std::collections::BTreeMap;

/// One intake field: the form's name for it, what staff read, whether a file must have it,
/// and header names that mean it (compared folded: case, accents, spaces and punctuation
/// ignored).
pub struct Field {
    pub name: &'static str,
    pub label: &'static str,
    pub required: bool,
    aliases: &'static [&'static str],
}

const fn f(
    name: &'static str,
    label: &'static str,
    required: bool,
    aliases: &'static [&'static str],
) -> Field {
    Field {
        name,
        label,
        required,
        aliases,
    }
}

/// Every field of the intake form a file may carry, in the form's order. The coordinator is
/// not among them: a spreadsheet does not know Hearth's staff (a coordinator's import lands
/// on their own caseload, as the form does).
#[rustfmt::skip]
pub const FIELDS: &[Field] = &[
    f("first_name", "Child's first name", true, &["first name", "firstname", "first", "given name", "child first name", "childs first name", "nombre", "nombre del nino", "primer nombre"]),
    f("last_name", "Child's last name", true, &["last name", "lastname", "last", "surname", "family name", "child last name", "childs last name", "apellido", "apellidos"]),
    f("date_of_birth", "Date of birth", true, &["dob", "date of birth", "birth date", "birthdate", "birthday", "born", "fecha de nacimiento", "nacimiento"]),
    f("gestational_weeks", "Weeks of gestation at birth", false, &["gestational weeks", "weeks gestation", "weeks of gestation", "gestation", "gestational age", "semanas de gestacion"]),
    f("sex", "Sex", false, &["sex", "gender", "sexo", "genero"]),
    f("race_ethnicity", "Race/ethnicity", false, &["race", "ethnicity", "race ethnicity", "raza", "etnia"]),
    f("received_on", "Date the referral was received", true, &["referral date", "date received", "received", "received on", "date referred", "referred on", "fecha de referido", "fecha de referencia", "fecha recibida"]),
    f("source", "Referred by", true, &["referral source", "source", "referred by", "fuente", "referido por"]),
    f("source_name", "Name of the referrer", false, &["referrer", "referrer name", "referring provider", "name of referrer", "nombre del referente"]),
    f("concerns", "Concerns", true, &["concerns", "concern", "reason", "reason for referral", "referral reason", "motivo", "preocupaciones", "motivo de referido"]),
    f("caregiver_name", "Caregiver's name", true, &["caregiver", "caregiver name", "parent", "parent name", "parent guardian", "guardian", "contact name", "padre madre", "nombre del padre", "nombre del cuidador", "cuidador"]),
    f("relationship", "Relationship to the child", true, &["relationship", "relation", "relationship to child", "parentesco", "relacion"]),
    f("phone", "Caregiver's phone", false, &["phone", "telephone", "phone number", "caregiver phone", "parent phone", "cell", "mobile", "telefono", "celular"]),
    f("email", "Caregiver's e-mail", false, &["email", "e mail", "caregiver email", "parent email", "correo", "correo electronico"]),
    f("preferred_contact", "Prefers (phone, text or e-mail)", false, &["preferred contact", "contact preference", "prefers", "contact method", "contacto preferido"]),
    f("language", "Caregiver's language", true, &["language", "primary language", "home language", "preferred language", "idioma", "lengua"]),
    f("interpreter_needed", "Interpreter needed", false, &["interpreter", "interpreter needed", "needs interpreter", "interprete"]),
    f("address_line", "Street address", false, &["address", "street", "street address", "address line", "direccion"]),
    f("city", "City", false, &["city", "town", "ciudad"]),
    f("county", "County", false, &["county", "condado"]),
    f("postal_code", "ZIP code", false, &["zip", "zip code", "zipcode", "postal code", "codigo postal"]),
];

/// The field of a form name.
pub fn field(name: &str) -> Option<&'static Field> {
    FIELDS.iter().find(|f| f.name == name)
}

/// Lower case, accents dropped, only letters and digits: "Fecha de Nacimiento:" and
/// "fecha de nacimiento" are the same header.
pub fn fold(s: &str) -> String {
    s.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'á' | 'à' | 'ä' | 'â' => 'a',
            'é' | 'è' | 'ë' | 'ê' => 'e',
            'í' | 'ì' | 'ï' | 'î' => 'i',
            'ó' | 'ò' | 'ö' | 'ô' => 'o',
            'ú' | 'ù' | 'ü' | 'û' => 'u',
            'ñ' => 'n',
            c => c,
        })
        .filter(char::is_ascii_alphanumeric)
        .collect()
}

/// The chosen column (index into the header) of each mapped field.
pub type Mapping = BTreeMap<String, usize>;

/// The column each field's header names suggest; a column is given to one field at most.
pub fn guess(headers: &[String]) -> Mapping {
    let folded: Vec<String> = headers.iter().map(|h| fold(h)).collect();
    let mut m = Mapping::new();
    for f in FIELDS {
        let hit = folded.iter().enumerate().find(|(i, h)| {
            !h.is_empty()
                && !m.values().any(|used| used == i)
                && f.aliases.iter().any(|a| fold(a) == **h)
        });
        if let Some((i, _)) = hit {
            m.insert(f.name.to_owned(), i);
        }
    }
    m
}

/// The mapping form as posted: each field's name holds a column index, or nothing for "not
/// in this file". Errors name the field: a required one unmapped, a column chosen twice.
pub fn parse_mapping(
    posted: &BTreeMap<String, String>,
    headers: &[String],
) -> Result<Mapping, Errors> {
    let mut e = Errors::default();
    let mut m = Mapping::new();
    for f in FIELDS {
        let v = posted.get(f.name).map(|s| s.trim()).unwrap_or_default();
        if v.is_empty() {
            if f.required {
                e.add(
                    f.name,
                    format!(
                        "Choose the column that holds the {}; every referral needs it.",
                        f.label.to_lowercase()
                    ),
                );
            }
            continue;
        }
        match v.parse::<usize>() {
            Ok(i) if i < headers.len() => {
                if let Some((other, _)) = m.iter().find(|(_, c)| **c == i) {
                    let other = field(other).map_or("", |o| o.label);
                    e.add(
                        f.name,
                        format!(
                            "The column “{}” is already chosen for {}; choose each column once.",
                            headers[i],
                            other.to_lowercase()
                        ),
                    );
                } else {
                    m.insert(f.name.to_owned(), i);
                }
            }
            _ => e.add(f.name, "Choose a column of the file from the list."),
        }
    }
    if e.is_empty() { Ok(m) } else { Err(e) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(h: &[&str]) -> Vec<String> {
        h.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn headers_in_either_language_are_guessed() {
        let h = headers(&[
            "Nombre",
            "Apellido",
            "Fecha de nacimiento",
            "DOB",
            "Teléfono",
            "Parent",
        ]);
        let m = guess(&h);
        assert_eq!(m.get("first_name"), Some(&0));
        assert_eq!(m.get("last_name"), Some(&1));
        assert_eq!(
            m.get("date_of_birth"),
            Some(&2),
            "the first matching column"
        );
        assert_eq!(m.get("phone"), Some(&4));
        assert_eq!(m.get("caregiver_name"), Some(&5));
        assert_eq!(m.get("concerns"), None);
    }

    #[test]
    fn a_required_field_unmapped_and_a_column_twice_are_named() {
        let h = headers(&["A", "B"]);
        let mut posted = BTreeMap::new();
        posted.insert("first_name".to_owned(), "0".to_owned());
        posted.insert("last_name".to_owned(), "0".to_owned());
        let e = parse_mapping(&posted, &h).unwrap_err();
        assert!(
            e.get("last_name")
                .unwrap()
                .contains("already chosen for child's first name")
        );
        assert!(
            e.get("date_of_birth")
                .unwrap()
                .contains("every referral needs it")
        );
        assert_eq!(e.get("phone"), None);
    }
}
