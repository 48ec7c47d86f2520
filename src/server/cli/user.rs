//! `manyi user …`: staff accounts from the command line, acting as [`CLI_ACTOR`] in the
//! audit chain. A password is read from MANYI_PASSWORD or the first line of stdin, never
//! from an argument (it would show in the process list and the shell history).

use clap::Subcommand;

use crate::domain::audit::CLI_ACTOR;
use crate::domain::calendar::beijing_minute;
use crate::domain::wire::{Account, NewUser, Role};

use crate::server::services::accounts;
use crate::server::storage;
use crate::server::AppError;

use super::Context;

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add an account; the password is read from MANYI_PASSWORD or the first line of stdin.
    Add {
        username: String,
        /// viewer, staff or admin.
        #[arg(long, default_value = "staff")]
        role: String,
    },
    /// On an installation without accounts, create an admin with a random password and
    /// print it once; otherwise do nothing.
    Bootstrap {
        #[arg(long, default_value = "admin")]
        username: String,
    },
    /// List the accounts: role, state, when created and last signed in, live sessions.
    List {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Disable an account: it can no longer sign in and its sessions end at once.
    Disable { username: String },
    /// Enable a disabled account again.
    Enable { username: String },
    /// Set an account's password, read as `add` reads it (or generated and printed once
    /// with --random); all its sessions end.
    Passwd {
        username: String,
        #[arg(long)]
        random: bool,
    },
}

/// A password from MANYI_PASSWORD, else the first line of stdin.
fn read_password() -> anyhow::Result<String> {
    match std::env::var("MANYI_PASSWORD") {
        Ok(p) => Ok(p),
        Err(_) => {
            let mut line = String::new();
            std::io::stdin().read_line(&mut line)?;
            Ok(line.trim_end_matches(['\r', '\n']).to_string())
        }
    }
}

/// Run one `manyi user …` command on the database.
pub async fn run(context: &Context, action: UserCommand) -> anyhow::Result<()> {
    let pool = storage::connect(&context.database).await?;
    let fail = |e: AppError| anyhow::anyhow!("{}", e.describe());
    match action {
        UserCommand::Add { username, role } => {
            let role = Role::parse(&role)
                .ok_or_else(|| anyhow::anyhow!("role must be viewer, staff or admin"))?;
            let password = read_password()?;
            let user = NewUser {
                username,
                password,
                role,
            };
            accounts::create_user(&pool, &user, CLI_ACTOR)
                .await
                .map_err(fail)?;
            println!("added {} ({})", user.username, role.as_str());
        }
        UserCommand::Bootstrap { username } => {
            if accounts::user_count(&pool).await.map_err(fail)? > 0 {
                println!("staff accounts exist; nothing done");
                return Ok(());
            }
            let password = accounts::random_password();
            let user = NewUser {
                username,
                password,
                role: Role::Admin,
            };
            accounts::create_user(&pool, &user, CLI_ACTOR)
                .await
                .map_err(fail)?;
            println!(
                "created admin account '{}' with password: {}",
                user.username, user.password
            );
            println!("(shown once; sign in at /staff/ and keep it safe)");
        }
        UserCommand::List { json } => {
            let accounts = accounts::list(&pool, context.sessions)
                .await
                .map_err(fail)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&accounts)?);
            } else {
                print!("{}", table(&accounts));
            }
        }
        UserCommand::Disable { username } => {
            let state = accounts::set_disabled(&pool, &username, true, CLI_ACTOR)
                .await
                .map_err(fail)?;
            println!(
                "{username} is disabled ({} sessions ended)",
                state.sessions_ended
            );
        }
        UserCommand::Enable { username } => {
            accounts::set_disabled(&pool, &username, false, CLI_ACTOR)
                .await
                .map_err(fail)?;
            println!("{username} is enabled");
        }
        UserCommand::Passwd { username, random } => {
            let password = if random {
                accounts::random_password()
            } else {
                read_password()?
            };
            let ended =
                accounts::set_password(&pool, &username, &password, random, CLI_ACTOR, None)
                    .await
                    .map_err(fail)?;
            if random {
                println!("new password for '{username}': {password}");
                println!("(shown once; keep it safe)");
            }
            println!("password of {username} set ({ended} sessions ended)");
        }
    }
    Ok(())
}

/// The accounts as a table for people (`manyi user list`), times in Beijing time.
pub fn table(accounts: &[Account]) -> String {
    let when = |ms: Option<i64>| ms.map(beijing_minute).unwrap_or_else(|| "-".into());
    let mut rows = vec![[
        "USERNAME".to_string(),
        "ROLE".into(),
        "STATE".into(),
        "CREATED".into(),
        "LAST SIGN-IN".into(),
        "SESSIONS".into(),
    ]];
    for a in accounts {
        let state = match a.disabled_at {
            Some(at) => format!("disabled {}", beijing_minute(at)),
            None => "enabled".into(),
        };
        rows.push([
            a.username.clone(),
            a.role.as_str().into(),
            state,
            when(Some(a.created_at)),
            when(a.last_sign_in_at),
            a.sessions.to_string(),
        ]);
    }
    let widths: Vec<usize> = (0..6)
        .map(|i| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(cell, width)| format!("{cell:width$}"))
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    out
}
