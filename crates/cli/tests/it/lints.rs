//! `unsafe` is forbidden in every crate of the workspace: the workspace lint table sets
//! `unsafe_code = "forbid"` and every crate inherits it (`[lints] workspace = true`).

use std::path::Path;

#[test]
fn every_crate_inherits_the_workspace_lint_that_forbids_unsafe_code() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let workspace: toml::Table =
        toml::from_str(&std::fs::read_to_string(root.join("Cargo.toml")).unwrap()).unwrap();
    assert_eq!(
        workspace["workspace"]["lints"]["rust"]["unsafe_code"].as_str(),
        Some("forbid")
    );
    let mut crates = 0;
    for e in std::fs::read_dir(root.join("crates")).unwrap() {
        let manifest = e.unwrap().path().join("Cargo.toml");
        let t: toml::Table = toml::from_str(&std::fs::read_to_string(&manifest).unwrap()).unwrap();
        assert_eq!(
            t.get("lints")
                .and_then(|l| l.get("workspace"))
                .and_then(|w| w.as_bool()),
            Some(true),
            "{} does not inherit the workspace lints",
            manifest.display()
        );
        crates += 1;
    }
    assert!(crates >= 6, "{crates} crates");
}
