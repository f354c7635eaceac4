//! The catalog queries are sent as they are, and the server converts a query's whole text,
//! comments included, to the database's encoding: a character LATIN1 or SQL_ASCII cannot
//! hold (an ellipsis in a comment was one) makes every dump of such a database fail.

use std::path::Path;

#[test]
fn every_catalog_query_is_ascii() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/sql");
    let mut checked = 0;
    for entry in fs_err::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "sql") {
            continue;
        }
        let text = fs_err::read_to_string(&path).unwrap();
        for (n, line) in text.lines().enumerate() {
            assert!(line.is_ascii(), "{}:{}: not ASCII: {line}", path.display(), n + 1);
        }
        checked += 1;
    }
    assert!(checked > 40, "only {checked} .sql files found in {}", dir.display());
}
