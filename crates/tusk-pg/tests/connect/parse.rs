//! Property tests of connection-string parsing: round trips through quoting and
//! percent-encoding, no panics on any input, and no password in any error.

use proptest::prelude::*;
use tusk_pg::{ConnInfo, Keyword, quote_conninfo_value};

/// Keywords whose values are free text (no checks at parse time).
const TEXT_KEYWORDS: [Keyword; 8] = [
    Keyword::Host,
    Keyword::User,
    Keyword::Password,
    Keyword::Dbname,
    Keyword::ApplicationName,
    Keyword::Options,
    Keyword::SslRootCert,
    Keyword::Passfile,
];

fn value() -> impl Strategy<Value = String> {
    // Spaces, quotes, backslashes, '=', '%', '@', '/', non-ASCII and control characters.
    proptest::collection::vec(
        prop_oneof![
            Just(' '),
            Just('\''),
            Just('\\'),
            Just('='),
            Just('%'),
            Just('@'),
            Just('/'),
            Just('\t'),
            Just('\n'),
            Just('é'),
            Just('🐘'),
            proptest::char::range('a', 'z'),
            proptest::char::range('0', '9'),
        ],
        0..12,
    )
    .prop_map(|chars| chars.into_iter().collect())
}

fn value_of(info: &ConnInfo, k: Keyword) -> Option<String> {
    if k == Keyword::Password {
        info.password().map(|p| p.expose().to_owned())
    } else {
        info.get(k).map(str::to_owned)
    }
}

/// Percent-encodes everything but unreserved characters.
fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn keyword_value_round_trip(
        values in proptest::collection::vec(value(), TEXT_KEYWORDS.len()),
        present in proptest::collection::vec(any::<bool>(), TEXT_KEYWORDS.len()),
        spaces in proptest::collection::vec(prop_oneof![Just(" "), Just("  "), Just("\t"), Just(" \n ")], TEXT_KEYWORDS.len()),
        around_equals in any::<bool>(),
    ) {
        let mut text = String::new();
        let mut expected = Vec::new();
        for (i, k) in TEXT_KEYWORDS.iter().enumerate() {
            if !present[i] {
                continue;
            }
            let eq = if around_equals { " = " } else { "=" };
            text.push_str(&format!("{}{}{}{}", k.name(), eq, quote_conninfo_value(&values[i]), spaces[i]));
            expected.push((*k, values[i].clone()));
        }
        let info = ConnInfo::parse(&text).map_err(|e| TestCaseError::fail(format!("{text:?}: {e}")))?;
        for (k, v) in &expected {
            prop_assert_eq!(value_of(&info, *k), Some(v.clone()), "{:?}", text);
        }
        prop_assert_eq!(Keyword::ALL.iter().filter(|k| info.contains(**k)).count(), expected.len());
    }

    #[test]
    fn backslash_escapes_in_bare_values(v in "[a-z '\\\\=]{1,12}") {
        // Escape every special character with a backslash instead of quoting.
        let mut bare = String::new();
        for c in v.chars() {
            if c == ' ' || c == '\'' || c == '\\' {
                bare.push('\\');
            }
            bare.push(c);
        }
        let info = ConnInfo::parse(&format!("dbname={bare} user=x")).unwrap();
        prop_assert_eq!(info.get(Keyword::Dbname), Some(v.as_str()));
        prop_assert_eq!(info.get(Keyword::User), Some("x"));
    }

    #[test]
    fn uri_percent_encoding_round_trip(
        user in value().prop_filter("non-empty", |s| !s.is_empty()),
        password in value().prop_filter("non-empty", |s| !s.is_empty()),
        host in value().prop_filter("non-empty, no comma", |s| !s.is_empty() && !s.contains(',')),
        dbname in value().prop_filter("non-empty", |s| !s.is_empty()),
        app in value(),
        port in 1u16..,
        short in any::<bool>(),
    ) {
        let scheme = if short { "postgres" } else { "postgresql" };
        let uri = format!(
            "{scheme}://{}:{}@{}:{port}/{}?application_name={}",
            encode(&user), encode(&password), encode(&host), encode(&dbname), encode(&app)
        );
        let info = ConnInfo::parse(&uri).map_err(|e| TestCaseError::fail(format!("{e}")))?;
        prop_assert_eq!(info.get(Keyword::User), Some(user.as_str()));
        prop_assert_eq!(info.password().map(|p| p.expose()), Some(password.as_str()));
        prop_assert_eq!(info.get(Keyword::Host), Some(host.as_str()));
        let port_text = port.to_string();
        prop_assert_eq!(info.get(Keyword::Port), Some(port_text.as_str()));
        prop_assert_eq!(info.get(Keyword::Dbname), Some(dbname.as_str()));
        prop_assert_eq!(info.get(Keyword::ApplicationName), Some(app.as_str()));
    }

    #[test]
    fn uri_ipv6_hosts(segments in proptest::collection::vec(0u16.., 8), ports in proptest::collection::vec(1u16.., 1..4)) {
        let ip = std::net::Ipv6Addr::from([
            segments[0], segments[1], segments[2], segments[3],
            segments[4], segments[5], segments[6], segments[7],
        ]);
        let netlocs: Vec<String> = ports.iter().map(|p| format!("[{ip}]:{p}")).collect();
        let info = ConnInfo::parse(&format!("postgresql://{}/db", netlocs.join(","))).unwrap();
        let hosts = vec![ip.to_string(); ports.len()].join(",");
        let port_list = ports.iter().map(u16::to_string).collect::<Vec<_>>().join(",");
        prop_assert_eq!(info.get(Keyword::Host), Some(hosts.as_str()));
        prop_assert_eq!(info.get(Keyword::Port), Some(port_list.as_str()));
    }

    #[test]
    fn parsing_never_panics(s in "\\PC{0,40}", uri_tail in "[\\[\\]:@/?&=%,a-zA-Z0-9 '\\\\]{0,40}") {
        let _ = ConnInfo::parse(&s);
        let _ = ConnInfo::parse(&format!("postgresql://{uri_tail}"));
        let _ = ConnInfo::parse(&format!("postgres://{s}"));
    }

    #[test]
    fn errors_never_show_the_password(
        secret in "Pw9[a-z0-9]{8,16}",
        garbage in "[ =\\\\'a-z&?%@:/\\[\\]]{0,20}",
    ) {
        for text in [
            format!("postgresql://user:{secret}@host{garbage}"),
            format!("postgresql://user:{secret}@{garbage}"),
            format!("postgresql://host/db?password={secret}&{garbage}"),
            format!("password={secret} {garbage}"),
            format!("password='{secret}' {garbage}"),
            format!("{garbage} password={secret}"),
            format!("password={secret}{garbage}"),
        ] {
            if let Err(e) = ConnInfo::parse(&text) {
                let shown = format!("{e} {e:?}");
                prop_assert!(!shown.contains(&secret), "{:?} -> {}", text, shown);
                // Not even a large part of it.
                prop_assert!(!shown.contains(&secret[..8]), "{:?} -> {}", text, shown);
            }
        }
    }
}
