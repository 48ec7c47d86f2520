//! `manyi user list|disable|enable|passwd`, the real binary on the database a server is
//! using: a disable from the command line ends the server's sessions of that account at
//! once, and a password set there is the one that signs in.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use axum::http::StatusCode;
use manyi::domain::audit::CLI_ACTOR;
use manyi::domain::wire::{Account, Role};

use crate::support::TestServer;

/// Run `manyi user …` on the server's database, `stdin` piped in.
fn manyi_user(server: &TestServer, args: &[&str], stdin: &str) -> Output {
    let url = &server.config.url;
    let mut child = Command::new(env!("CARGO_BIN_EXE_manyi"))
        .args(["--database-url", url, "user"])
        .args(args)
        .env_remove("MANYI_PASSWORD")
        .env("RUST_LOG", "error")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn stdout_of(output: &Output) -> String {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone()).unwrap()
}

async fn me(server: &TestServer, cookie: &str) -> StatusCode {
    server.call("GET", "/auth/me", cookie, None).await.0
}

#[tokio::test]
async fn the_command_line_disables_enables_and_sets_passwords() {
    let server = TestServer::new().await;
    let admin = server.sign_in("admin1", Role::Admin).await;
    let staff = server.sign_in("staff1", Role::Staff).await;

    let table = stdout_of(&manyi_user(&server, &["list"], ""));
    let lines: Vec<&str> = table.lines().collect();
    assert!(lines[0].starts_with("USERNAME"), "{table}");
    assert!(
        lines[2].starts_with("staff1") && lines[2].contains(" enabled "),
        "{table}"
    );
    assert!(
        lines[2].trim_end().ends_with('1'),
        "one live session: {table}"
    );

    let out = stdout_of(&manyi_user(&server, &["disable", "staff1"], ""));
    assert_eq!(out.trim(), "staff1 is disabled (1 sessions ended)");
    assert_eq!(
        me(&server, &staff).await,
        StatusCode::UNAUTHORIZED,
        "at once"
    );
    assert_eq!(
        server.log_in("staff1", "correct horse battery").await.0,
        StatusCode::FORBIDDEN
    );
    let json = stdout_of(&manyi_user(&server, &["list", "--json"], ""));
    let accounts: Vec<Account> = serde_json::from_str(&json).unwrap();
    let staff1 = accounts.iter().find(|a| a.username == "staff1").unwrap();
    assert!(staff1.disabled_at.is_some());
    assert_eq!(staff1.sessions, 0);

    stdout_of(&manyi_user(&server, &["enable", "staff1"], ""));
    let (status, cookie, _) = server.log_in("staff1", "correct horse battery").await;
    assert_eq!(status, StatusCode::OK);

    // A password from stdin, as `user add` reads it.
    let out = stdout_of(&manyi_user(
        &server,
        &["passwd", "staff1"],
        "typed at the terminal\n",
    ));
    assert_eq!(out.trim(), "password of staff1 set (1 sessions ended)");
    assert_eq!(
        me(&server, &cookie.unwrap()).await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        server.log_in("staff1", "typed at the terminal").await.0,
        StatusCode::OK
    );
    let out = stdout_of(&manyi_user(&server, &["passwd", "staff1", "--random"], ""));
    let generated = out
        .lines()
        .find_map(|l| l.strip_prefix("new password for 'staff1': "))
        .unwrap_or_else(|| panic!("{out}"));
    assert_eq!(server.log_in("staff1", generated).await.0, StatusCode::OK);

    // Refusals say why, in the server's words, and fail the command.
    let short = manyi_user(&server, &["passwd", "staff1"], "short\n");
    assert!(!short.status.success());
    assert!(String::from_utf8_lossy(&short.stderr).contains("密码至少需要 10 个字符"));
    let unknown = manyi_user(&server, &["disable", "nobody"], "");
    assert!(!unknown.status.success());
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("没有这个账号"));
    let last_admin = manyi_user(&server, &["disable", "admin1"], "");
    assert!(!last_admin.status.success());
    assert_eq!(me(&server, &admin).await, StatusCode::OK);

    let (_, chain) = server.call("GET", "/staff/audit", &admin, None).await;
    let by_cli: Vec<&str> = chain
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["actor"] == CLI_ACTOR)
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        by_cli,
        [
            "user_disable",
            "user_enable",
            "user_password",
            "user_password"
        ]
    );
}
