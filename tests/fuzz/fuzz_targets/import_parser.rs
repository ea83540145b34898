//! The interchange import parser over any text: `hearth::interchange::import::parse_file`
//! (every line read and checked before the database is touched) must never panic, must name
//! a line of the file in every problem, and a record it accepts must come back the same when
//! written out as the export writes it and read again (export then import changes nothing).
#![no_main]

use hearth::interchange::import::{parse_file, parse_line};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (parsed, problems) = parse_file(text);
    let lines = text.lines().count();
    for p in &problems {
        assert!(
            p.line >= 1 && p.line <= lines,
            "{p} names no line of {lines}"
        );
    }
    for p in &parsed {
        assert!(p.line >= 1 && p.line <= lines);
        if problems.iter().any(|q| q.line == p.line) {
            continue;
        }
        // Accepted whole: written as the export writes it, read back as the same record.
        let written = serde_json::to_string(&p.rec).expect("a record serializes");
        let (again, trouble) = parse_line(1, &written);
        assert!(trouble.is_empty(), "{written}: {trouble:?}");
        assert_eq!(again.map(|a| a.rec), Some(p.rec.clone()), "{written}");
    }
});
