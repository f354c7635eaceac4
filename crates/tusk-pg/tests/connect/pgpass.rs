//! The password file: which entry a target gets, when the file is ignored, and a real login
//! with a password that came from it.

use tusk_pg::{ConnectError, ConnectionSettings, connect, default_socket_dir};
use tusk_testkit::{Cluster, SUPERUSER_PASSWORD};

use crate::support::{LogCapture, TestEnv, write_file};

fn passwords(s: &ConnectionSettings) -> Vec<Option<String>> {
    s.targets().iter().map(|t| t.password().map(|p| p.expose().to_owned())).collect()
}

#[test]
fn entries_are_matched_per_target() {
    let env = TestEnv::new();
    let default_socket = default_socket_dir();
    write_file(
        &env.home().join(".pgpass"),
        "# comment\n\
         db1.example.com:5432:app:alice:pw1\n\
         db2.example.com:*:*:alice:pw2\n\
         /srv/pg\\:sock:5433:app:alice:pw-socket\n\
         localhost:5432:app:alice:pw-local\n\
         10.0.0.9:5432:app:alice:pw-addr\n",
        0o600,
    );
    let s = env.settings(&format!(
        "host=db1.example.com,db2.example.com,/srv/pg:sock,{},nowhere.example.com port=5432,6000,5433,5432,5432 user=alice dbname=app",
        default_socket.display()
    ));
    assert_eq!(
        passwords(&s),
        [
            Some("pw1".to_owned()),
            Some("pw2".to_owned()),
            Some("pw-socket".to_owned()),
            // The default socket directory is looked up as "localhost".
            Some("pw-local".to_owned()),
            None,
        ]
    );
    assert_eq!(s.targets()[0].password_file(), Some(env.home().join(".pgpass").as_path()));
    assert_eq!(s.targets()[4].password_file(), None);
    // Without a host name, hostaddr is the key.
    let s = env.settings("hostaddr=10.0.0.9 user=alice dbname=app");
    assert_eq!(passwords(&s), [Some("pw-addr".to_owned())]);
    // The database matters, and with_dbname looks the password up again.
    let s = env.settings("host=db1.example.com user=alice dbname=other");
    assert_eq!(passwords(&s), [None]);
    assert_eq!(passwords(&s.with_dbname("app")), [Some("pw1".to_owned())]);
}

#[test]
fn given_passwords_win_and_passfile_overrides_the_default() {
    let env = TestEnv::new();
    write_file(&env.home().join(".pgpass"), "*:*:*:*:from-home\n", 0o600);
    let other = env.home().join("elsewhere");
    write_file(&other, "*:*:*:*:from-passfile\n", 0o600);
    assert_eq!(passwords(&env.settings("host=h")), [Some("from-home".to_owned())]);
    assert_eq!(passwords(&env.settings("host=h password=given")), [Some("given".to_owned())]);
    // An empty password counts as none.
    assert_eq!(passwords(&env.settings("host=h password=''")), [Some("from-home".to_owned())]);
    let passfile = format!("host=h passfile={}", other.display());
    assert_eq!(passwords(&env.settings(&passfile)), [Some("from-passfile".to_owned())]);
    let env = env.with("PGPASSFILE", &other.display().to_string());
    assert_eq!(passwords(&env.settings("host=h")), [Some("from-passfile".to_owned())]);
    let env = env.with("PGPASSWORD", "from-env");
    assert_eq!(passwords(&env.settings("host=h")), [Some("from-env".to_owned())]);
}

#[test]
fn insecure_or_odd_files_are_ignored_with_a_warning() {
    let env = TestEnv::new();
    let path = env.home().join(".pgpass");
    let logs = LogCapture::default();
    let _guard = logs.install();
    for mode in [0o644, 0o640, 0o604, 0o660] {
        write_file(&path, "*:*:*:*:Leaky-Password\n", mode);
        assert_eq!(passwords(&env.settings("host=h")), [None], "mode {mode:o}");
    }
    let text = logs.text();
    assert!(text.contains("group or world access"), "{text}");
    assert!(text.contains(&path.display().to_string()), "{text}");
    assert!(!text.contains("Leaky-Password"), "{text}");
    write_file(&path, "*:*:*:*:Leaky-Password\n", 0o600);
    assert_eq!(passwords(&env.settings("host=h")), [Some("Leaky-Password".to_owned())]);
    // A directory is not a password file.
    std::fs::remove_file(&path).unwrap();
    std::fs::create_dir(&path).unwrap();
    assert_eq!(passwords(&env.settings("host=h")), [None]);
    assert!(logs.text().contains("not a plain file"));
    assert!(!logs.text().contains("Leaky-Password"));
}

#[tokio::test]
async fn a_password_from_the_file_logs_in() {
    let cluster = Cluster::shared();
    let db = cluster.create_database();
    let env = TestEnv::new();
    let port = cluster.port();
    write_file(
        &env.home().join(".pgpass"),
        &format!("127.0.0.1:{port}:{}:postgres:{SUPERUSER_PASSWORD}\n", db.name()),
        0o600,
    );
    let s = env.settings(&format!("host=127.0.0.1 port={port} user=postgres dbname={}", db.name()));
    let session = connect(&s).await.expect("connect with the password from .pgpass");
    let one: i32 = session.query_one("SELECT 1", &[]).await.unwrap().get(0);
    assert_eq!(one, 1);

    // A wrong password from the file: the error says where it came from, and nothing shows
    // the password itself.
    let logs = LogCapture::default();
    let _guard = logs.install();
    write_file(&env.home().join(".pgpass"), "*:*:*:postgres:Wrong-From-File\n", 0o600);
    let s = env.settings(&format!(
        "host=127.0.0.1 port={port} user=postgres dbname={} sslmode=disable",
        db.name()
    ));
    let e = connect(&s).await.unwrap_err();
    let ConnectError::PasswordAuthentication { password_file, .. } = &e else { panic!("{e}") };
    assert_eq!(password_file.as_deref(), Some(env.home().join(".pgpass").as_path()));
    let text = e.to_string();
    assert!(
        text.contains(&format!(
            "password retrieved from file \"{}\"",
            env.home().join(".pgpass").display()
        )),
        "{text}"
    );
    let everything = format!("{e} {e:?} {}", logs.text());
    assert!(!everything.contains("Wrong-From-File"), "{everything}");
}
