//! `manyi`: the backend server and its command-line tasks. Parses the command line and hands
//! each subcommand to its module in `manyi::server::cli`; all this binary adds is the
//! browser apps built into it (`embedded`).

use std::process::ExitCode;

use clap::Parser;
use manyi::server::cli::{self, Cli, Command};

mod embedded;

// Every request allocates many small strings and maps; mimalloc handles that better than glibc.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> anyhow::Result<ExitCode> {
    cli::init_tracing();
    let Cli { globals, command } = Cli::parse();
    let context = globals.context()?;
    let context = &context;
    match command {
        Command::Serve(args) => cli::serve::run(context, args, embedded::apps).await?,
        Command::User { action } => cli::user::run(context, action).await?,
        Command::Codes { survey, count } => {
            cli::surveys::issue_codes(context, &survey, count).await?
        }
        Command::Stats => cli::surveys::stats(context).await?,
        Command::SurveyAdd { file, status } => cli::surveys::add(context, &file, &status).await?,
        Command::Sample {
            survey,
            count,
            seed,
        } => cli::surveys::sample(context, &survey, count, seed).await?,
        Command::Backup { file } => cli::backup::run_backup(context, &file).await?,
        Command::Restore { file } => cli::backup::run_restore(context, &file).await?,
        Command::Verify { link } => return cli::verify::run(link).await,
    }
    Ok(ExitCode::SUCCESS)
}
