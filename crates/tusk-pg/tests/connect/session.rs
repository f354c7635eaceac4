//! Connecting to the shared cluster (no TLS) over the unix socket and TCP, and the errors:
//! wrong password, missing database, nothing listening, several hosts, timeouts. Also
//! cancellation and what is sent at startup.

use std::error::Error as _;
use std::time::{Duration, Instant};

use tusk_pg::{ConnectError, Endpoint, SqlState, connect};
use tusk_testkit::{Cluster, SUPERUSER_PASSWORD};

use crate::support::{LogCapture, TestEnv, chain};

/// A TCP port on 127.0.0.1 with nothing listening.
fn closed_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    l.local_addr().expect("addr").port()
}

fn tcp(cluster: &Cluster, dbname: &str, extra: &str) -> String {
    format!(
        "host=127.0.0.1 port={} user=postgres password={SUPERUSER_PASSWORD} dbname={dbname} {extra}",
        cluster.port()
    )
}

#[tokio::test]
async fn over_the_unix_socket() {
    let cluster = Cluster::shared();
    let db = cluster.create_database();
    // Unix sockets never use TLS, whatever sslmode says (libpq ignores it there too).
    for mode in ["disable", "prefer", "require", "verify-full"] {
        let s = TestEnv::new().settings(&format!("{} sslmode={mode}", db.conninfo()));
        let session = connect(&s).await.unwrap_or_else(|e| panic!("{mode}: {e}"));
        assert!(!session.uses_tls());
        let Endpoint::Unix(path) = session.server().endpoint() else { panic!("not a socket") };
        assert_eq!(path, &cluster.socket_dir().join(format!(".s.PGSQL.{}", cluster.port())));
        assert_eq!(
            session.server().to_string(),
            format!("server on socket \"{}\"", path.display())
        );
        let name: String =
            session.query_one("SELECT current_database()", &[]).await.unwrap().get(0);
        assert_eq!(name, db.name());
    }
}

#[tokio::test]
async fn over_tcp_with_options_and_application_name() {
    let cluster = Cluster::shared();
    let db = cluster.create_database();
    let env = TestEnv::new().with("PGOPTIONS", "-c search_path=from_env");
    let s = env.settings(&tcp(cluster, db.name(), ""));
    let session = connect(&s).await.expect("connect");
    assert_eq!(
        session.server().to_string(),
        format!("server at \"127.0.0.1\", port {}", cluster.port())
    );
    let row = session
        .query_one("SELECT current_setting('application_name'), current_setting('search_path'), current_user::text", &[])
        .await
        .unwrap();
    assert_eq!(row.get::<_, String>(0), "tusk");
    assert_eq!(row.get::<_, String>(1), "from_env");
    assert_eq!(row.get::<_, String>(2), "postgres");

    let s = env.settings(&tcp(
        cluster,
        db.name(),
        "application_name='my app' options='-c search_path=a,b -c statement_timeout=1234'",
    ));
    let session = connect(&s).await.expect("connect");
    let row = session
        .query_one("SELECT current_setting('application_name'), current_setting('search_path'), current_setting('statement_timeout')", &[])
        .await
        .unwrap();
    assert_eq!(row.get::<_, String>(0), "my app");
    assert_eq!(row.get::<_, String>(1), "a,b");
    assert_eq!(row.get::<_, String>(2), "1234ms");
}

#[tokio::test]
async fn host_name_and_hostaddr() {
    let cluster = Cluster::shared();
    let db = cluster.create_database();
    let env = TestEnv::new();
    // "localhost" may resolve to ::1 first, where nothing listens; the next address works.
    let s = env.settings(&format!(
        "host=localhost port={} user=postgres password={SUPERUSER_PASSWORD} dbname={}",
        cluster.port(),
        db.name()
    ));
    let session = connect(&s).await.expect("connect to localhost");
    assert_eq!(
        session.server().to_string(),
        format!("server at \"localhost\" (127.0.0.1), port {}", cluster.port())
    );
    // hostaddr is used for the connection; the name is kept for messages.
    let s = env.settings(&format!(
        "host=db.invalid hostaddr=127.0.0.1 port={} user=postgres password={SUPERUSER_PASSWORD} dbname={}",
        cluster.port(),
        db.name()
    ));
    let session = connect(&s).await.expect("connect by hostaddr");
    assert_eq!(session.server().host(), "db.invalid");
}

#[tokio::test]
async fn wrong_password_is_classified_and_never_shown() {
    let cluster = Cluster::shared();
    let db = cluster.create_database();
    let logs = LogCapture::default();
    let _guard = logs.install();
    let s = TestEnv::new().settings(&format!(
        "host=127.0.0.1 port={} user=postgres password=Not-The-Password dbname={}",
        cluster.port(),
        db.name()
    ));
    let e = connect(&s).await.unwrap_err();
    assert!(matches!(e, ConnectError::PasswordAuthentication { .. }), "{e:?}");
    assert_eq!(e.code(), Some(&SqlState::INVALID_PASSWORD));
    assert!(e.is_authentication_failure());
    assert_eq!(
        e.to_string(),
        format!(
            "server at \"127.0.0.1\", port {} rejected the password of user \"postgres\"",
            cluster.port()
        )
    );
    // The server's own error is the source, not part of the message.
    let source = chain(e.source().expect("source"));
    assert!(source.contains("password authentication failed for user \"postgres\""), "{source}");
    let everything = format!("{e} {e:?} {source} {}", logs.text());
    assert!(!everything.contains("Not-The-Password"), "{everything}");
}

#[tokio::test]
async fn missing_database_and_missing_password() {
    let cluster = Cluster::shared();
    let env = TestEnv::new();
    let s = env.settings(&tcp(cluster, "no_such_database", ""));
    let e = connect(&s).await.unwrap_err();
    assert!(matches!(e, ConnectError::DatabaseNotFound { .. }), "{e:?}");
    assert_eq!(e.code(), Some(&SqlState::INVALID_CATALOG_NAME));
    assert!(e.to_string().ends_with("has no database \"no_such_database\""), "{e}");

    // No password at all, and the server asks for one.
    let s = env
        .settings(&format!("host=127.0.0.1 port={} user=postgres dbname=postgres", cluster.port()));
    let e = connect(&s).await.unwrap_err();
    assert!(matches!(e, ConnectError::Startup { .. }), "{e:?}");
    assert!(chain(&e).ends_with("password missing"), "{}", chain(&e));
}

#[tokio::test]
async fn nothing_listening_names_host_and_port() {
    let port = closed_port();
    let s = TestEnv::new().settings(&format!("host=127.0.0.1 port={port} user=u dbname=d"));
    let e = connect(&s).await.unwrap_err();
    assert!(matches!(e, ConnectError::Connect { .. }), "{e:?}");
    assert_eq!(e.to_string(), format!("could not connect to server at \"127.0.0.1\", port {port}"));
    let io = e.source().and_then(|s| s.downcast_ref::<std::io::Error>()).expect("io error");
    assert_eq!(io.kind(), std::io::ErrorKind::ConnectionRefused);
    assert_eq!(e.server().and_then(|s| s.port()), Some(port));

    // No socket file in a socket directory.
    let dir = tempfile::tempdir().unwrap();
    let s = TestEnv::new().settings(&format!("host={} port=5999 user=u", dir.path().display()));
    let e = connect(&s).await.unwrap_err();
    assert_eq!(
        e.to_string(),
        format!("could not connect to server on socket \"{}/.s.PGSQL.5999\"", dir.path().display())
    );
}

#[tokio::test]
async fn several_hosts_are_tried_in_order() {
    let cluster = Cluster::shared();
    let db = cluster.create_database();
    let bad = closed_port();
    let env = TestEnv::new();
    let s = env.settings(&format!(
        "host=127.0.0.1,127.0.0.1 port={bad},{} user=postgres password={SUPERUSER_PASSWORD} dbname={}",
        cluster.port(),
        db.name()
    ));
    let session = connect(&s).await.expect("the second host works");
    assert_eq!(session.server().port(), Some(cluster.port()));

    let bad2 = closed_port();
    let s = env.settings(&format!("host=127.0.0.1,127.0.0.1 port={bad},{bad2} user=u"));
    let e = connect(&s).await.unwrap_err();
    assert_eq!(e.to_string(), "all 2 connection attempts failed");
    let attempts: Vec<String> = e.attempts().iter().map(|a| a.to_string()).collect();
    assert_eq!(
        attempts,
        [
            format!("could not connect to server at \"127.0.0.1\", port {bad}"),
            format!("could not connect to server at \"127.0.0.1\", port {bad2}"),
        ]
    );
}

#[tokio::test]
async fn connect_timeout_covers_the_whole_startup() {
    // A server that accepts the TCP connection and then never answers.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let silent = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });
    let s =
        TestEnv::new().settings(&format!("host=127.0.0.1 port={port} user=u connect_timeout=1"));
    assert_eq!(s.connect_timeout(), Some(Duration::from_secs(2)));
    let started = Instant::now();
    let e = connect(&s).await.unwrap_err();
    let elapsed = started.elapsed();
    assert!(matches!(e, ConnectError::Timeout { .. }), "{e:?}");
    assert_eq!(
        e.to_string(),
        format!(
            "could not connect to server at \"127.0.0.1\", port {port}: timeout expired after 2 seconds"
        )
    );
    assert!(
        elapsed >= Duration::from_millis(1900) && elapsed < Duration::from_secs(10),
        "{elapsed:?}"
    );
    silent.abort();
}

#[tokio::test]
async fn settings_make_many_connections() {
    let cluster = Cluster::shared();
    let db = cluster.create_database();
    let s = TestEnv::new().settings(&tcp(cluster, db.name(), "sslmode=disable"));
    let mut sessions = Vec::new();
    for _ in 0..4 {
        sessions.push(connect(&s.clone()).await.expect("connect"));
    }
    let mut pids = Vec::new();
    for session in &sessions {
        pids.push(
            session.query_one("SELECT pg_backend_pid()", &[]).await.unwrap().get::<_, i32>(0),
        );
    }
    pids.sort_unstable();
    pids.dedup();
    assert_eq!(pids.len(), 4);
}

#[tokio::test]
async fn cancel_a_running_query() {
    let cluster = Cluster::shared();
    let db = cluster.create_database();
    for conninfo in [tcp(cluster, db.name(), "sslmode=disable"), db.conninfo()] {
        let s = TestEnv::new().settings(&conninfo);
        let session = connect(&s).await.expect("connect");
        let cancel = session.cancel_handle();
        let canceller = tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(300)).await;
            cancel.cancel().await
        });
        let e = session.query("SELECT pg_sleep(30)", &[]).await.unwrap_err();
        assert_eq!(e.code(), Some(&SqlState::QUERY_CANCELED));
        canceller.await.unwrap().expect("cancel request delivered");
    }
}
