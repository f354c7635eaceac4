//! `tusk_pg::quote` checked against a real server: the server's own `quote_ident()`,
//! `quote_literal()` and `pg_get_keywords()`, and what the server reads back from our SQL.

use std::future::Future;

use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use tokio::runtime::Runtime;
use tokio_postgres::{Client, NoTls};
use tusk_pg::quote::{
    KeywordCategory, Keywords, MAX_IDENTIFIER_BYTES, keyword_category, push_ident_for,
    quote_dollar, quote_ident, quote_ident_for, quote_literal, quote_literal_e,
};

/// Cases per property; each is a round trip or two on one connection.
const CASES: u32 = 256;

/// A fresh database on the shared cluster, a runtime, and a connected client, with
/// `standard_conforming_strings` set as given. Returns the server's major too.
fn connect(standard_conforming_strings: bool) -> (Runtime, Client, u32) {
    let cluster = tusk_testkit::Cluster::shared();
    let db = cluster.create_database();
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    let client = rt.block_on(async {
        let (client, connection) =
            tokio_postgres::connect(&db.conninfo(), NoTls).await.expect("connect");
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                panic!("connection failed: {e}");
            }
        });
        let setting = if standard_conforming_strings { "on" } else { "off" };
        client
            .batch_execute(&format!(
                "SET standard_conforming_strings = {setting}; SET client_min_messages = error"
            ))
            .await
            .expect("settings");
        client
    });
    let num: i32 = rt
        .block_on(client.query_one("SELECT current_setting('server_version_num')::int", &[]))
        .expect("server_version_num")
        .get(0);
    let major = u32::try_from(num / 10000).expect("major");
    assert_eq!(major, cluster.major());
    (rt, client, major)
}

/// Runs a property over `CASES` strings from `strategy`, each checked by `check` on the
/// runtime; a failure is shrunk and reported with its smallest input.
fn check_property<S, F, Fut>(rt: &Runtime, strategy: S, check: F)
where
    S: Strategy,
    S::Value: std::fmt::Debug,
    F: Fn(S::Value) -> Fut,
    Fut: Future<Output = Result<(), TestCaseError>>,
{
    let config = Config { cases: CASES, failure_persistence: None, ..Config::default() };
    let mut runner = TestRunner::new(config);
    if let Err(e) = runner.run(&strategy, |value| rt.block_on(check(value))) {
        panic!("{e}");
    }
}

// ---------------------------------------------------------------------------------------------
// Strategies: biased to awkward text.
// ---------------------------------------------------------------------------------------------

/// Every word that is a keyword in some known major.
fn all_keywords() -> Vec<&'static str> {
    let mut words: Vec<&'static str> = (Keywords::OLDEST_MAJOR..=Keywords::NEWEST_MAJOR)
        .flat_map(|m| Keywords::for_major(m).iter().map(|(w, _)| w))
        .collect();
    words.sort_unstable();
    words.dedup();
    words
}

/// `word` with the letters whose bit is set in `mask` in upper case.
fn random_case(word: &str, mask: u64) -> String {
    word.chars()
        .enumerate()
        .map(|(i, c)| if (mask >> (i % 64)) & 1 == 1 { c.to_ascii_uppercase() } else { c })
        .collect()
}

/// A keyword, mostly as written, sometimes in random case.
fn keyword() -> BoxedStrategy<String> {
    let words = all_keywords();
    prop_oneof![
        3 => select(words.clone()).prop_map(str::to_owned),
        1 => (select(words), any::<u64>()).prop_map(|(w, m)| random_case(w, m)),
    ]
    .boxed()
}

/// A piece of awkward text.
fn piece() -> BoxedStrategy<String> {
    prop_oneof![
        4 => "[a-z_][a-z0-9_]{0,6}",
        3 => keyword(),
        1 => select(&["\"", "\"\"", "'", "''", "\\", "\\\\", " ", "$", "$$", "$_$", ".", "E'", "U&", "--", "/*", ";"][..])
            .prop_map(str::to_owned),
        1 => "[0-9]{1,3}",
        1 => "[A-Z]{1,3}",
        1 => "[éüßÆ日本語🐘\u{301}\u{200b}\u{feff}]{1,3}",
        1 => "[\t\n\r\u{1}\u{7f}]",
        1 => any::<char>().prop_filter("no NUL", |&c| c != '\0').prop_map(String::from),
    ]
    .boxed()
}

/// Awkward text without NUL (which PostgreSQL text cannot hold): empty, keywords in any
/// case, quotes, backslashes, spaces, digits first, non-ASCII, long names.
fn awkward() -> BoxedStrategy<String> {
    prop_oneof![
        1 => Just(String::new()),
        3 => keyword(),
        6 => prop::collection::vec(piece(), 1..6).prop_map(|v| v.concat()),
        1 => "[a-zé\"_]{58,70}",
        1 => any::<String>().prop_map(|s| s.replace('\0', "")),
    ]
    .boxed()
}

/// The name the server keeps for an identifier: at most 63 bytes, cut at a character
/// boundary.
fn truncated(name: &str) -> &str {
    if name.len() <= MAX_IDENTIFIER_BYTES {
        return name;
    }
    let mut end = MAX_IDENTIFIER_BYTES;
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    &name[..end]
}

// ---------------------------------------------------------------------------------------------
// Keywords
// ---------------------------------------------------------------------------------------------

/// (d) The server's `pg_get_keywords()` is exactly our table for its major, in the same order.
#[test]
fn keyword_table_matches_pg_get_keywords() {
    let (rt, client, major) = connect(true);
    let rows = rt
        .block_on(client.query("SELECT word, catcode::text FROM pg_get_keywords()", &[]))
        .expect("pg_get_keywords");
    let server: Vec<(String, KeywordCategory)> = rows
        .iter()
        .map(|r| {
            let word: String = r.get(0);
            let code: String = r.get(1);
            let mut chars = code.chars();
            let category = chars
                .next()
                .and_then(KeywordCategory::from_catcode)
                .unwrap_or_else(|| panic!("catcode {code:?} of {word}"));
            assert_eq!(chars.next(), None);
            (word, category)
        })
        .collect();
    let ours: Vec<(String, KeywordCategory)> =
        Keywords::for_major(major).iter().map(|(w, c)| (w.to_owned(), c)).collect();
    let missing: Vec<_> = server.iter().filter(|k| !ours.contains(k)).collect();
    let extra: Vec<_> = ours.iter().filter(|k| !server.contains(k)).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "server {major}: not in our table {missing:?}; not on the server {extra:?}"
    );
    assert_eq!(server, ours, "same entries, same order");
    for (word, category) in &server {
        assert_eq!(tusk_pg::quote::keyword_category(word, major), Some(*category));
    }
}

/// The server's `quote_ident()` of every keyword, lower and upper case, is ours.
#[test]
fn every_keyword_quoted_like_the_server() {
    let (rt, client, major) = connect(true);
    let rows = rt
        .block_on(client.query(
            "SELECT w, quote_ident(w) FROM pg_get_keywords(), \
             LATERAL (VALUES (word), (upper(word)), (initcap(word))) AS v(w)",
            &[],
        ))
        .expect("quote_ident of keywords");
    assert_eq!(rows.len(), Keywords::for_major(major).iter().count() * 3);
    for r in rows {
        let word: String = r.get(0);
        let server: String = r.get(1);
        assert_eq!(quote_ident_for(&word, major), server, "{word}");
    }
}

/// Every keyword, quoted by our rules for this major, works as a table, column and function
/// name (the three name positions with different keyword restrictions), and the catalogs hold
/// exactly the words.
#[test]
fn every_keyword_usable_as_a_name() {
    let (rt, client, major) = connect(true);
    let words: Vec<&str> = Keywords::for_major(major).iter().map(|(w, _)| w).collect();
    rt.block_on(client.batch_execute("CREATE SCHEMA kw; SET search_path = kw")).expect("schema");
    let mut failures = Vec::new();
    for w in &words {
        let mut q = String::new();
        push_ident_for(&mut q, w, major);
        // The one quirk: an unqualified `operator(` starts the `OPERATOR(schema.op)` construct,
        // so a function of that name is called schema-qualified (as tusk always writes calls).
        let call = if *w == "operator" { format!("kw.{q}") } else { q.clone() };
        let sql = format!(
            "CREATE TABLE {q} ({q} int);\n\
             INSERT INTO {q} ({q}) VALUES (1);\n\
             CREATE FUNCTION {q}() RETURNS int LANGUAGE sql AS 'SELECT 2';\n\
             SELECT {q}.{q}, {call}() FROM {q} WHERE {q} = 1;\n"
        );
        if let Err(e) = rt.block_on(client.batch_execute(&sql)) {
            failures.push(format!("{w} ({:?}): {e:?}", keyword_category(w, major)));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
    let names = |query: &'static str| -> Vec<String> {
        let rows = rt.block_on(client.query(query, &[])).expect(query);
        let mut names: Vec<String> = rows.iter().map(|r| r.get(0)).collect();
        names.sort_unstable();
        names
    };
    let words: Vec<String> = words.iter().map(|w| (*w).to_owned()).collect();
    assert_eq!(
        names(
            "SELECT relname::text FROM pg_class \
             WHERE relnamespace = 'kw'::regnamespace AND relkind = 'r'"
        ),
        words
    );
    assert_eq!(
        names(
            "SELECT attname::text FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid \
             WHERE c.relnamespace = 'kw'::regnamespace AND c.relkind = 'r' AND a.attnum > 0 \
            "
        ),
        words
    );
    assert_eq!(
        names(
            "SELECT proname::text FROM pg_proc \
             WHERE pronamespace = 'kw'::regnamespace"
        ),
        words
    );
}

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

/// (a) Our `quote_ident_for` equals the server's `quote_ident()`; `quote_ident` differs only
/// by quoting words that are keywords in other majors.
#[test]
fn identifiers_quoted_like_the_server() {
    let (rt, client, major) = connect(true);
    let stmt = rt.block_on(client.prepare("SELECT quote_ident($1)")).expect("prepare");
    check_property(&rt, awkward(), |s| {
        let (client, stmt) = (&client, &stmt);
        async move {
            let server: String = client
                .query_one(stmt, &[&s])
                .await
                .map_err(|e| TestCaseError::fail(format!("{s:?}: {e}")))?
                .get(0);
            let ours = quote_ident_for(&s, major);
            prop_assert_eq!(ours.as_ref(), server.as_str());
            let any = quote_ident(&s);
            if any != server {
                prop_assert_eq!(any.as_ref(), format!("\"{s}\""));
                let keyword_elsewhere = (Keywords::OLDEST_MAJOR..=Keywords::NEWEST_MAJOR)
                    .any(|m| Keywords::for_major(m).category(&s).is_some());
                prop_assert!(keyword_elsewhere, "{:?}", s);
            }
            Ok(())
        }
    });
}

/// (c) `SELECT 1 AS <ours>` names the column exactly the input (cut to 63 bytes, as the
/// server cuts every identifier).
#[test]
fn quoted_identifiers_read_back_exactly() {
    let (rt, client, major) = connect(true);
    let nonempty = awkward().prop_filter("a zero-length identifier is invalid", |s| !s.is_empty());
    check_property(&rt, nonempty, |s| {
        let client = &client;
        async move {
            for quoted in [quote_ident_for(&s, major), quote_ident(&s)] {
                let sql = format!("SELECT 1 AS {quoted}");
                let stmt = client
                    .prepare(&sql)
                    .await
                    .map_err(|e| TestCaseError::fail(format!("{sql}: {e}")))?;
                prop_assert_eq!(stmt.columns()[0].name(), truncated(&s), "{}", sql);
            }
            Ok(())
        }
    });
}

/// (b) `SELECT <ours>` returns exactly the input, for both literal styles, and the E''
/// style is byte for byte the server's `quote_literal()`.
#[test]
fn literals_read_back_exactly() {
    let (rt, client, _) = connect(true);
    let stmt = rt.block_on(client.prepare("SELECT quote_literal($1)")).expect("prepare");
    check_property(&rt, awkward(), |s| {
        let (client, stmt) = (&client, &stmt);
        async move {
            for lit in [quote_literal(&s), quote_literal_e(&s), quote_dollar(&s)] {
                let sql = format!("SELECT {lit}::text");
                let back: String = client
                    .query_one(&sql, &[])
                    .await
                    .map_err(|e| TestCaseError::fail(format!("{sql}: {e}")))?
                    .get(0);
                prop_assert_eq!(&back, &s, "{}", sql);
            }
            let server: String = client
                .query_one(stmt, &[&s])
                .await
                .map_err(|e| TestCaseError::fail(format!("{s:?}: {e}")))?
                .get(0);
            prop_assert_eq!(quote_literal_e(&s), server);
            Ok(())
        }
    });
}

/// (b) The E'' style reads back exactly with `standard_conforming_strings = off` too.
#[test]
fn e_literals_read_back_exactly_without_standard_strings() {
    let (rt, client, _) = connect(false);
    let setting: String = rt
        .block_on(client.query_one("SHOW standard_conforming_strings", &[]))
        .expect("show")
        .get(0);
    assert_eq!(setting, "off");
    check_property(&rt, awkward(), |s| {
        let client = &client;
        async move {
            let sql = format!("SELECT {}::text", quote_literal_e(&s));
            let back: String = client
                .query_one(&sql, &[])
                .await
                .map_err(|e| TestCaseError::fail(format!("{sql}: {e}")))?
                .get(0);
            prop_assert_eq!(&back, &s, "{}", sql);
            Ok(())
        }
    });
}

/// Fixed examples, including the ones the properties only reach by chance.
#[test]
fn fixed_examples_against_the_server() {
    let (rt, client, major) = connect(true);
    let long = "x".repeat(63);
    let examples = [
        "a",
        "A",
        "a b",
        "a\"b",
        "1a",
        "_x",
        "é",
        "",
        "select",
        "user",
        "name",
        "between",
        "authorization",
        "json",
        "system_user",
        "merge",
        "\\",
        "'",
        "E'x'",
        &long,
    ];
    for s in examples {
        let row = rt
            .block_on(client.query_one("SELECT quote_ident($1), quote_literal($1)", &[&s]))
            .expect("query");
        let (ident, literal): (String, String) = (row.get(0), row.get(1));
        assert_eq!(quote_ident_for(s, major), ident, "{s:?}");
        assert_eq!(quote_literal_e(s), literal, "{s:?}");
        let back: String = rt
            .block_on(client.query_one(&format!("SELECT {}::text", quote_literal(s)), &[]))
            .expect("literal")
            .get(0);
        assert_eq!(back, s);
    }
}

/// SQL with a NUL in it is refused whole, never run as something else.
#[test]
fn nul_is_refused() {
    let (rt, client, _) = connect(true);
    let sql = format!("SELECT {}::text", quote_literal("a\0b"));
    assert!(rt.block_on(client.query(&sql, &[])).is_err());
    let sql = format!("SELECT 1 AS {}", quote_ident("a\0b"));
    assert!(rt.block_on(client.query(&sql, &[])).is_err());
    // The connection is still usable.
    let one: i32 = rt.block_on(client.query_one("SELECT 1", &[])).expect("still connected").get(0);
    assert_eq!(one, 1);
}
