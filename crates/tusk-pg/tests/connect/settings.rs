//! Resolution: explicit options, then the environment, then defaults; pg_dump-style layering;
//! value checks; TLS file checks at resolution time.

use std::path::Path;
use std::time::Duration;

use tusk_pg::{
    ConnInfo, ConnectionSettings, Environment, ProcessEnvironment, SettingsError, SslMode,
    default_socket_dir,
};

use crate::support::{TestEnv, write_file};

fn hosts(s: &ConnectionSettings) -> Vec<(String, u16)> {
    s.targets().iter().map(|t| (t.host().to_owned(), t.port())).collect()
}

#[test]
fn defaults() {
    let env = TestEnv::new();
    let s = env.settings("");
    let socket = default_socket_dir().display().to_string();
    assert_eq!(hosts(&s), [(socket, 5432)]);
    assert_eq!(s.targets()[0].socket_dir(), Some(default_socket_dir().as_path()));
    assert_eq!(s.user(), "os-user");
    assert_eq!(s.dbname(), "os-user");
    assert_eq!(s.ssl_mode(), SslMode::Prefer);
    assert_eq!(s.application_name(), "tusk");
    assert_eq!(s.options(), None);
    assert_eq!(s.connect_timeout(), None);
    assert!(s.targets()[0].password().is_none());
    assert_eq!(s.password_file(), Some(env.home().join(".pgpass").as_path()));
}

#[test]
fn default_user_is_the_operating_system_user() {
    let no_vars = |_: &str| None;
    let s = ConnectionSettings::resolve(&ConnInfo::new(), &no_vars).expect("settings");
    let os_user = ProcessEnvironment.os_user().expect("this process has a user name");
    assert_eq!(s.user(), os_user);
    assert_eq!(s.dbname(), os_user);
    // Without any user name at all, resolution says what to do.
    let e = TestEnv::new().without_os_user().resolve("").unwrap_err();
    assert!(matches!(e, SettingsError::NoUser), "{e}");
    assert!(TestEnv::new().without_os_user().resolve("user=x").is_ok());
}

fn full_env() -> TestEnv {
    TestEnv::new()
        .with("PGHOST", "envhost")
        .with("PGPORT", "6000")
        .with("PGUSER", "envuser")
        .with("PGDATABASE", "envdb")
        .with("PGPASSWORD", "envpw")
        .with("PGSSLMODE", "disable")
        .with("PGAPPNAME", "envapp")
        .with("PGCONNECT_TIMEOUT", "7")
        .with("PGOPTIONS", "-c search_path=env")
}

#[test]
fn environment_supplies_what_is_not_given() {
    let s = full_env().settings("");
    assert_eq!(hosts(&s), [("envhost".to_owned(), 6000)]);
    assert_eq!(s.user(), "envuser");
    assert_eq!(s.dbname(), "envdb");
    assert_eq!(s.targets()[0].password().map(|p| p.expose()), Some("envpw"));
    assert_eq!(s.password_file(), None);
    assert_eq!(s.ssl_mode(), SslMode::Disable);
    assert_eq!(s.application_name(), "envapp");
    assert_eq!(s.connect_timeout(), Some(Duration::from_secs(7)));
    assert_eq!(s.options(), Some("-c search_path=env"));
}

#[test]
fn explicit_values_win_over_the_environment() {
    let s = full_env().settings(
        "host=h port=1 user=u dbname=d password=p sslmode=require application_name=a \
         connect_timeout=1 options='-c x=1'",
    );
    assert_eq!(hosts(&s), [("h".to_owned(), 1)]);
    assert_eq!((s.user(), s.dbname()), ("u", "d"));
    assert_eq!(s.targets()[0].password().map(|p| p.expose()), Some("p"));
    assert_eq!(s.ssl_mode(), SslMode::Require);
    assert_eq!(s.application_name(), "a");
    assert_eq!(s.connect_timeout(), Some(Duration::from_secs(2)), "1 second counts as 2");
    assert_eq!(s.options(), Some("-c x=1"));
}

#[test]
fn an_explicit_empty_value_hides_the_environment() {
    // As in libpq: `host=''` is "given", so PGHOST is not consulted, and empty means default.
    let s = full_env().settings("host='' port='' user=''");
    assert_eq!(hosts(&s), [(default_socket_dir().display().to_string(), 5432)]);
    assert_eq!(s.user(), "os-user");
    // An empty variable is the same as a default.
    let s = TestEnv::new().with("PGHOST", "").with("PGUSER", "").settings("");
    assert_eq!(s.targets()[0].socket_dir(), Some(default_socket_dir().as_path()));
    assert_eq!(s.user(), "os-user");
}

#[test]
fn application_name_falls_back() {
    let env = TestEnv::new();
    assert_eq!(env.settings("fallback_application_name=pg_dump").application_name(), "pg_dump");
    assert_eq!(
        env.settings("application_name=app fallback_application_name=pg_dump").application_name(),
        "app"
    );
    let env = TestEnv::new().with("PGAPPNAME", "envapp");
    assert_eq!(env.settings("fallback_application_name=pg_dump").application_name(), "envapp");
}

#[test]
fn flags_are_layered_like_pg_dump() {
    // pg_dump -h flaghost -p 7000 -U flaguser -d "host=dhost sslmode=require"
    let env = full_env();
    let info = ConnInfo::from_params(
        &[
            ("host", "flaghost"),
            ("port", "7000"),
            ("user", "flaguser"),
            ("dbname", "host=dhost sslmode=require"),
        ],
        true,
    )
    .expect("params");
    let s = ConnectionSettings::resolve(&info, &env).expect("settings");
    // -d's connection string wins over -h; -p and -U win over PGPORT and PGUSER; what nobody
    // gave comes from the environment.
    assert_eq!(hosts(&s), [("dhost".to_owned(), 7000)]);
    assert_eq!(s.user(), "flaguser");
    assert_eq!(s.dbname(), "envdb");
    assert_eq!(s.ssl_mode(), SslMode::Require);

    // A plain -d is a database name; missing flags are skipped.
    let info =
        ConnInfo::from_params(&[("host", ""), ("port", ""), ("dbname", "mydb")], true).unwrap();
    let s = ConnectionSettings::resolve(&info, &env).expect("settings");
    assert_eq!(hosts(&s), [("envhost".to_owned(), 6000)]);
    assert_eq!(s.dbname(), "mydb");

    // A URI in -d works the same way.
    let info = ConnInfo::from_params(
        &[("port", "7000"), ("dbname", "postgresql://uriuser@urihost/uridb")],
        true,
    )
    .unwrap();
    let s = ConnectionSettings::resolve(&info, &env).expect("settings");
    assert_eq!(hosts(&s), [("urihost".to_owned(), 7000)]);
    assert_eq!((s.user(), s.dbname()), ("uriuser", "uridb"));
}

#[test]
fn hosts_ports_and_sockets() {
    let env = TestEnv::new();
    let s = env.settings("postgresql://a:1,[::1]:2,%2Ftmp%2Fsock:3/db");
    assert_eq!(
        hosts(&s),
        [("a".to_owned(), 1), ("::1".to_owned(), 2), ("/tmp/sock".to_owned(), 3)]
    );
    assert_eq!(s.targets()[2].socket_dir(), Some(Path::new("/tmp/sock")));
    let s = env.settings("postgresql:///db?host=/run/pg&port=5499");
    assert_eq!(hosts(&s), [("/run/pg".to_owned(), 5499)]);
    let s = env.settings("host=a,b port=9");
    assert_eq!(hosts(&s), [("a".to_owned(), 9), ("b".to_owned(), 9)]);
    let s = env.settings("host=db.example.com hostaddr=10.1.2.3");
    assert_eq!(s.targets()[0].hostaddr(), Some("10.1.2.3".parse().unwrap()));
    assert_eq!(s.targets()[0].socket_dir(), None);
    let s = env.settings("hostaddr=10.1.2.3,10.1.2.4");
    assert_eq!(s.targets().len(), 2);
    assert_eq!(s.targets()[1].host(), "");
}

#[test]
fn invalid_values_are_reported_like_libpq() {
    let env = TestEnv::new();
    let e = |c: &str| env.resolve(c).unwrap_err().to_string();
    assert_eq!(e("foo=1"), "invalid connection option \"foo\"");
    assert_eq!(
        e("target_session_attrs=any"),
        "connection option \"target_session_attrs\" is not supported"
    );
    assert_eq!(e("sslmode=sometimes"), "invalid sslmode value: \"sometimes\"");
    assert_eq!(
        e("connect_timeout=soon"),
        "invalid integer value \"soon\" for connection option \"connect_timeout\""
    );
    assert_eq!(e("host=a,b port=1,2,3"), "could not match 3 port numbers to 2 hosts");
    assert_eq!(e("port=99999"), "invalid port number: \"99999\"");
    assert_eq!(e("gssencmode=require"), "invalid gssencmode value: \"require\"");
    assert_eq!(e("channel_binding=maybe"), "invalid channel_binding value: \"maybe\"");
    let env = TestEnv::new().with("PGSSLMODE", "bogus");
    assert_eq!(env.resolve("").unwrap_err().to_string(), "invalid sslmode value: \"bogus\"");
    assert!(env.resolve("sslmode=disable").is_ok(), "explicit sslmode hides PGSSLMODE");
}

#[test]
fn sslrootcert_system_means_verify_full() {
    let env = TestEnv::new();
    match env.resolve("host=db.example.com sslrootcert=system") {
        Ok(s) => assert_eq!(s.ssl_mode(), SslMode::VerifyFull),
        // A machine without a trust store cannot build the configuration at all.
        Err(SettingsError::SystemRoots { .. }) => {}
        Err(e) => panic!("{e}"),
    }
    let e = env.resolve("host=db.example.com sslrootcert=system sslmode=require").unwrap_err();
    assert_eq!(
        e.to_string(),
        "weak sslmode \"require\" may not be used with sslrootcert=system (use \"verify-full\")"
    );
}

#[test]
fn legacy_requiressl() {
    let s = TestEnv::new().with("PGREQUIRESSL", "1").settings("host=h");
    assert_eq!(s.ssl_mode(), SslMode::Require);
    let s = TestEnv::new().with("PGREQUIRESSL", "1").with("PGSSLMODE", "allow").settings("host=h");
    assert_eq!(s.ssl_mode(), SslMode::Allow);
}

#[test]
fn verifying_modes_need_a_root_certificate_file() {
    let env = TestEnv::new();
    let default_root = env.home().join(".postgresql/root.crt");
    for mode in ["verify-ca", "verify-full"] {
        let e = env.resolve(&format!("host=db.example.com sslmode={mode}")).unwrap_err();
        match &e {
            SettingsError::RootCertMissing { path } => assert_eq!(path, &default_root),
            other => panic!("{other}"),
        }
        let text = e.to_string();
        assert!(
            text.starts_with(&format!(
                "root certificate file \"{}\" does not exist",
                default_root.display()
            )),
            "{text}"
        );
        assert!(text.contains("sslrootcert=system"), "{text}");
    }
    let e = env.resolve("host=h sslmode=verify-ca sslrootcert=/nonexistent/ca.pem").unwrap_err();
    assert!(e.to_string().contains("\"/nonexistent/ca.pem\" does not exist"), "{e}");
    // Other modes go on without verification, as libpq does.
    for mode in ["allow", "prefer", "require"] {
        assert!(env.resolve(&format!("host=h sslmode={mode}")).is_ok());
    }
    // Unix sockets never use TLS, so there is nothing to check.
    assert!(env.resolve("host=/tmp sslmode=verify-full").is_ok());
    // verify-full needs a name to check.
    write_file(&default_root, "", 0o644);
    let e = env.resolve("hostaddr=127.0.0.1 sslmode=verify-full").unwrap_err();
    assert!(matches!(e, SettingsError::VerifyFullWithoutHostName { .. }), "{e}");
}

#[test]
fn unreadable_tls_files_are_errors_naming_the_file() {
    let env = TestEnv::new();
    let root = env.home().join("root.crt");
    write_file(&root, "not a certificate\n", 0o644);
    let e =
        env.resolve(&format!("host=h sslmode=require sslrootcert={}", root.display())).unwrap_err();
    assert_eq!(e.to_string(), format!("no certificates found in file \"{}\"", root.display()));

    // A client certificate without its key.
    let crate::support::Ca { pem, .. } = crate::support::Ca::new("ca");
    let cert = env.home().join("client.crt");
    write_file(&cert, &pem, 0o644);
    let key = env.home().join("client.key");
    let conninfo =
        format!("host=h sslmode=require sslcert={} sslkey={}", cert.display(), key.display());
    let e = env.resolve(&conninfo).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!("certificate present, but not private key file \"{}\"", key.display())
    );
    // A key readable by others.
    write_file(&key, "-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----\n", 0o644);
    let e = env.resolve(&conninfo).unwrap_err();
    assert!(matches!(e, SettingsError::ClientKeyPermissions { .. }), "{e}");
    assert!(e.to_string().contains("has group or world access"), "{e}");
    // A missing client certificate simply means none (libpq does the same).
    let missing = format!("host=h sslmode=require sslcert={}/nope.crt", env.home().display());
    assert!(env.resolve(&missing).is_ok());
}

#[test]
fn settings_never_show_the_password() {
    let env = TestEnv::new();
    let s = env.settings("host=h user=u password=Sup3rSecret");
    let debug = format!("{s:?} {:?}", s.targets());
    assert!(!debug.contains("Sup3rSecret"), "{debug}");
    assert!(debug.contains("********"), "{debug}");
    let info = ConnInfo::parse("postgresql://u:Sup3rSecret@h/db").unwrap();
    assert!(!format!("{info} {info:?}").contains("Sup3rSecret"));
}

#[test]
fn clones_share_and_with_dbname_changes_only_the_database() {
    let s = TestEnv::new().settings("host=h user=u dbname=a password=p sslmode=require");
    let c = s.clone();
    assert_eq!(c.dbname(), "a");
    let b = s.with_dbname("b");
    assert_eq!((b.dbname(), b.user()), ("b", "u"));
    assert_eq!(b.targets()[0].password().map(|p| p.expose()), Some("p"));
    assert_eq!(s.dbname(), "a");
}
