//! `hearth bench --http` end to end, once, on the smallest tier: it seeds, starts the real
//! server and the baselines as child processes, signs in through the form and drives every
//! page over HTTP. It measures, so it asserts nothing about speed: only that the table has
//! every row, each with requests and without errors. SQLite only (its own temporary file,
//! whatever `TEST_DATABASE_URL` says), since it is a measurement, not a rule of the engines.

/// The rows the table must have (issue #16), written out here, not read from the harness.
const ROWS: [&str; 17] = [
    "coordinator dashboard",
    "program dashboard",
    "home: admin",
    "home: supervisor",
    "home: coordinator",
    "home: provider",
    "child page",
    "IFSP page",
    "agenda",
    "visit page",
    "visit-note save",
    "activity search",
    "family page",
    "indicators report",
    "sign-in",
    "Fortunes",
    "plaintext",
];

#[test]
fn the_http_benchmark_prints_every_row_with_requests_and_no_errors() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_hearth"))
        .args([
            "bench",
            "--http",
            "--tier",
            "provider",
            "--seconds",
            "1",
            "--rounds",
            "1",
        ])
        .env_remove("DATABASE_URL")
        .output()
        .expect("run hearth bench --http");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "hearth bench --http failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for row in ROWS {
        let line = stdout
            .lines()
            .find(|l| l.starts_with(&format!("| {row} |")))
            .unwrap_or_else(|| panic!("no row {row:?} in:\n{stdout}"));
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        // | page | as | request | requests | req/s | p50 | p95 | p99 | CPU | ratio | gzip | errors |
        let requests: u64 = cells[4].parse().expect("requests is a number");
        assert!(requests > 0, "{row}: no requests in {line}");
        assert_eq!(cells[12], "0", "{row}: errors in {line}\n{stdout}");
    }
    assert!(stdout.contains("peak RSS: server"), "{stdout}");
}
