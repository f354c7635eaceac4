//! Every sslmode against a server with TLS (certificate for DNS `localhost` only, signed by a
//! test CA) and one without, checked on the server side with `pg_stat_ssl`; the `allow` and
//! `prefer` fallbacks through `pg_hba.conf`; client certificates.

use std::error::Error as _;

use tusk_pg::{ConnectError, ConnectionSettings, Session, SqlState, SslMode, connect};
use tusk_testkit::{Cluster, SUPERUSER_PASSWORD};

use crate::support::{ROLE_PASSWORD, TestEnv, TlsFixture, chain, server_says_tls, write_file};

fn conninfo(host: &str, port: u16, user: &str, password: &str, extra: &str) -> String {
    format!("host={host} port={port} user={user} password={password} dbname=postgres {extra}")
}

/// The superuser on the TLS fixture, with extra options.
fn superuser(f: &TlsFixture, host: &str, extra: &str) -> String {
    conninfo(host, f.port(), "postgres", SUPERUSER_PASSWORD, extra)
}

/// Connects, checks that the server agrees about TLS, and returns whether TLS is in use.
async fn tls_in_use(settings: &ConnectionSettings) -> Result<bool, ConnectError> {
    let session: Session = connect(settings).await?;
    let server = server_says_tls(session.client()).await;
    assert_eq!(session.uses_tls(), server, "client and server disagree about TLS");
    Ok(server)
}

async fn expect_tls(env: &TestEnv, conninfo: &str, tls: bool) {
    let s = env.settings(conninfo);
    match tls_in_use(&s).await {
        Ok(used) => assert_eq!(used, tls, "{conninfo}"),
        Err(e) => panic!("{conninfo}: {e}: {:?}", e.source()),
    }
}

async fn expect_failure(env: &TestEnv, conninfo: &str) -> ConnectError {
    let s = env.settings(conninfo);
    match connect(&s).await {
        Ok(_) => panic!("{conninfo}: connected, but should not have"),
        Err(e) => e,
    }
}

/// The rustls error at the bottom of a TLS failure, as text.
fn root_cause(e: &ConnectError) -> String {
    let mut cause: &dyn std::error::Error = e;
    while let Some(next) = cause.source() {
        cause = next;
    }
    cause.to_string()
}

#[tokio::test]
async fn verify_full_checks_the_host_name() {
    let f = TlsFixture::get();
    let env = TestEnv::new();
    let ca = f.ca_file.display();
    expect_tls(
        &env,
        &superuser(&f, "localhost", &format!("sslmode=verify-full sslrootcert={ca}")),
        true,
    )
    .await;
    // The certificate names "localhost" only.
    let e = expect_failure(
        &env,
        &superuser(&f, "127.0.0.1", &format!("sslmode=verify-full sslrootcert={ca}")),
    )
    .await;
    assert!(matches!(e, ConnectError::Tls { ssl_mode: SslMode::VerifyFull, .. }), "{e:?}");
    assert!(
        e.to_string()
            .starts_with("could not establish a TLS connection to server at \"127.0.0.1\""),
        "{e}"
    );
    assert!(root_cause(&e).contains("not valid for name"), "{}", root_cause(&e));
    // The right name signed by another CA.
    let other = f.other_ca_file.display();
    let e = expect_failure(
        &env,
        &superuser(&f, "localhost", &format!("sslmode=verify-full sslrootcert={other}")),
    )
    .await;
    assert!(root_cause(&e).contains("UnknownIssuer"), "{}", root_cause(&e));
}

#[tokio::test]
async fn verify_ca_checks_the_chain_but_not_the_name() {
    let f = TlsFixture::get();
    let env = TestEnv::new();
    let ca = f.ca_file.display();
    expect_tls(
        &env,
        &superuser(&f, "127.0.0.1", &format!("sslmode=verify-ca sslrootcert={ca}")),
        true,
    )
    .await;
    let other = f.other_ca_file.display();
    let e = expect_failure(
        &env,
        &superuser(&f, "127.0.0.1", &format!("sslmode=verify-ca sslrootcert={other}")),
    )
    .await;
    assert!(matches!(e, ConnectError::Tls { ssl_mode: SslMode::VerifyCa, .. }), "{e:?}");
    assert!(root_cause(&e).contains("UnknownIssuer"), "{}", root_cause(&e));
    // The default root file is ~/.postgresql/root.crt.
    write_file(
        &env.home().join(".postgresql/root.crt"),
        &std::fs::read_to_string(&f.ca_file).unwrap(),
        0o644,
    );
    expect_tls(&env, &superuser(&f, "127.0.0.1", "sslmode=verify-ca"), true).await;
}

#[tokio::test]
async fn verify_full_with_the_system_trust_store_rejects_a_private_ca() {
    let f = TlsFixture::get();
    let env = TestEnv::new();
    match env.resolve(&superuser(&f, "localhost", "sslrootcert=system")) {
        Ok(s) => {
            assert_eq!(s.ssl_mode(), SslMode::VerifyFull);
            let e = connect(&s).await.unwrap_err();
            assert!(matches!(e, ConnectError::Tls { .. }), "{e:?}");
        }
        // No trust store on this machine: nothing to connect with.
        Err(e) => assert!(matches!(e, tusk_pg::SettingsError::SystemRoots { .. }), "{e}"),
    }
}

#[tokio::test]
async fn require_verifies_only_when_a_root_file_exists() {
    let f = TlsFixture::get();
    let env = TestEnv::new();
    // No root certificate: encrypted, not verified (the name does not match either).
    expect_tls(&env, &superuser(&f, "127.0.0.1", "sslmode=require"), true).await;
    // A root certificate given: the chain is verified, as libpq does.
    let other = f.other_ca_file.display();
    let e = expect_failure(
        &env,
        &superuser(&f, "127.0.0.1", &format!("sslmode=require sslrootcert={other}")),
    )
    .await;
    assert!(matches!(e, ConnectError::Tls { ssl_mode: SslMode::Require, .. }), "{e:?}");
    let ca = f.ca_file.display();
    expect_tls(
        &env,
        &superuser(&f, "127.0.0.1", &format!("sslmode=require sslrootcert={ca}")),
        true,
    )
    .await;
    // The same with the default root file.
    write_file(
        &env.home().join(".postgresql/root.crt"),
        &std::fs::read_to_string(&f.other_ca_file).unwrap(),
        0o644,
    );
    expect_failure(&env, &superuser(&f, "127.0.0.1", "sslmode=require")).await;
}

#[tokio::test]
async fn modes_against_a_server_with_tls() {
    let f = TlsFixture::get();
    let env = TestEnv::new();
    expect_tls(&env, &superuser(&f, "127.0.0.1", "sslmode=disable"), false).await;
    // allow tries plain first, which the server accepts.
    expect_tls(&env, &superuser(&f, "127.0.0.1", "sslmode=allow"), false).await;
    expect_tls(&env, &superuser(&f, "127.0.0.1", "sslmode=prefer"), true).await;
    // prefer is the default.
    expect_tls(&env, &superuser(&f, "127.0.0.1", ""), true).await;
    expect_tls(&env, &superuser(&f, "localhost", "sslmode=require"), true).await;
}

#[tokio::test]
async fn modes_against_a_server_without_tls() {
    let cluster = Cluster::shared();
    let env = TestEnv::new();
    let plain =
        |extra: &str| conninfo("127.0.0.1", cluster.port(), "postgres", SUPERUSER_PASSWORD, extra);
    expect_tls(&env, &plain("sslmode=disable"), false).await;
    expect_tls(&env, &plain("sslmode=allow"), false).await;
    expect_tls(&env, &plain("sslmode=prefer"), false).await;
    for mode in ["require", "verify-ca", "verify-full"] {
        let env = TestEnv::new();
        write_file(
            &env.home().join(".postgresql/root.crt"),
            &crate::support::Ca::new("x").pem,
            0o644,
        );
        let e = expect_failure(&env, &plain(&format!("host=localhost sslmode={mode}"))).await;
        assert!(
            matches!(e.attempts().last(), Some(ConnectError::TlsNotSupported { .. })),
            "{mode}: {e:?}"
        );
        assert!(
            e.attempts()
                .last()
                .unwrap()
                .to_string()
                .ends_with(&format!("does not support TLS, but sslmode \"{mode}\" requires it")),
            "{e}"
        );
    }
}

#[tokio::test]
async fn hostssl_only_makes_disable_fail_and_allow_retry_with_tls() {
    let f = TlsFixture::get();
    let env = TestEnv::new();
    let tls_only = |extra: &str| conninfo("127.0.0.1", f.port(), "tlsonly", ROLE_PASSWORD, extra);
    let e = expect_failure(&env, &tls_only("sslmode=disable")).await;
    assert!(matches!(e, ConnectError::Authorization { .. }), "{e:?}");
    assert_eq!(e.code(), Some(&SqlState::INVALID_AUTHORIZATION_SPECIFICATION));
    assert!(
        e.to_string()
            .contains("refused the connection of user \"tlsonly\" to database \"postgres\""),
        "{e}"
    );
    assert!(chain(&e).ends_with("no encryption"), "{}", chain(&e));
    // allow: the plain attempt is refused, the TLS retry succeeds.
    expect_tls(&env, &tls_only("sslmode=allow"), true).await;
    expect_tls(&env, &tls_only("sslmode=prefer"), true).await;
    expect_tls(&env, &tls_only("sslmode=require"), true).await;
}

#[tokio::test]
async fn hostnossl_only_makes_require_fail_and_prefer_fall_back() {
    let f = TlsFixture::get();
    let env = TestEnv::new();
    let plain_only =
        |extra: &str| conninfo("127.0.0.1", f.port(), "plainonly", ROLE_PASSWORD, extra);
    let e = expect_failure(&env, &plain_only("sslmode=require")).await;
    assert!(matches!(e, ConnectError::Authorization { .. }), "{e:?}");
    assert!(chain(&e).ends_with("SSL encryption"), "{}", chain(&e));
    // prefer: the TLS attempt is refused after the handshake, the plain retry succeeds.
    expect_tls(&env, &plain_only("sslmode=prefer"), false).await;
    expect_tls(&env, &plain_only("sslmode=allow"), false).await;
    expect_tls(&env, &plain_only("sslmode=disable"), false).await;
}

#[tokio::test]
async fn prefer_falls_back_to_plain_when_the_handshake_fails() {
    // A root certificate that does not match makes the handshake fail; prefer then goes on
    // without TLS, as libpq does. require does not.
    let f = TlsFixture::get();
    let env = TestEnv::new();
    write_file(
        &env.home().join(".postgresql/root.crt"),
        &std::fs::read_to_string(&f.other_ca_file).unwrap(),
        0o644,
    );
    expect_tls(&env, &superuser(&f, "127.0.0.1", "sslmode=prefer"), false).await;
    let e = expect_failure(&env, &superuser(&f, "127.0.0.1", "sslmode=require")).await;
    assert!(matches!(e, ConnectError::Tls { .. }), "{e:?}");
}

#[tokio::test]
async fn all_failed_lists_both_prefer_attempts() {
    // prefer to a server where TLS fails (untrusted root) and plain is refused (hostssl only).
    let f = TlsFixture::get();
    let env = TestEnv::new();
    let other = f.other_ca_file.display();
    let e = expect_failure(
        &env,
        &conninfo(
            "127.0.0.1",
            f.port(),
            "tlsonly",
            ROLE_PASSWORD,
            &format!("sslmode=prefer sslrootcert={other}"),
        ),
    )
    .await;
    let attempts = e.attempts();
    assert_eq!(attempts.len(), 2, "{e:?}");
    assert!(matches!(attempts[0], ConnectError::Tls { .. }), "{:?}", attempts[0]);
    assert!(matches!(attempts[1], ConnectError::Authorization { .. }), "{:?}", attempts[1]);
    assert_eq!(e.to_string(), "all 2 connection attempts failed");
}

#[tokio::test]
async fn client_certificates() {
    let f = TlsFixture::get();
    let env = TestEnv::new();
    let ca = f.ca_file.display();
    let with_cert = format!(
        "host=localhost port={} user=certuser dbname=postgres sslmode=verify-full sslrootcert={ca} sslcert={} sslkey={}",
        f.port(),
        f.client_cert.display(),
        f.client_key.display()
    );
    let s = env.settings(&with_cert);
    let session = connect(&s).await.unwrap_or_else(|e| panic!("{e}: {:?}", e.source()));
    assert!(server_says_tls(session.client()).await);
    let dn: Option<String> = session
        .query_one("SELECT client_dn FROM pg_stat_ssl WHERE pid = pg_backend_pid()", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(dn.as_deref(), Some("/CN=certuser"));

    // Without a certificate the server refuses.
    let without = format!(
        "host=localhost port={} user=certuser dbname=postgres sslmode=verify-full sslrootcert={ca}",
        f.port()
    );
    let e = expect_failure(&env, &without).await;
    assert!(e.is_authentication_failure(), "{e:?}");

    // The default files ~/.postgresql/postgresql.crt and .key are used when present.
    let dir = env.home().join(".postgresql");
    write_file(
        &dir.join("postgresql.crt"),
        &std::fs::read_to_string(&f.client_cert).unwrap(),
        0o644,
    );
    write_file(
        &dir.join("postgresql.key"),
        &std::fs::read_to_string(&f.client_key).unwrap(),
        0o600,
    );
    let session = connect(&env.settings(&without))
        .await
        .expect("connect with the default client certificate");
    assert!(session.uses_tls());
}

#[tokio::test]
async fn cancel_over_tls() {
    let f = TlsFixture::get();
    let env = TestEnv::new();
    let ca = f.ca_file.display();
    let s =
        env.settings(&superuser(&f, "localhost", &format!("sslmode=verify-full sslrootcert={ca}")));
    let session = connect(&s).await.expect("connect");
    assert!(session.uses_tls());
    let cancel = session.cancel_handle();
    let canceller = tokio::spawn(async move {
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        cancel.cancel().await
    });
    let e = session.query("SELECT pg_sleep(30)", &[]).await.unwrap_err();
    assert_eq!(e.code(), Some(&SqlState::QUERY_CANCELED));
    canceller.await.unwrap().expect("cancel request delivered over TLS");
}
