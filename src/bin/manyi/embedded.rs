//! The three browser apps, embedded in the `manyi` binary when it is built: the build
//! (`.ci/build.sh`) runs Trunk into `dist/` first, so one file is all a server needs.
//! A binary built before `dist/` existed holds no app and says so at start-up.

use manyi::server::http::assets::Assets;
use rust_embed::Embed;

#[derive(Embed)]
#[folder = "dist/"]
#[allow_missing = true]
struct BuiltApps;

/// The embedded apps as a file table.
pub fn apps() -> Assets {
    Assets::from_files(BuiltApps::iter().filter_map(|path| {
        let file = BuiltApps::get(&path)?;
        Some((path.into_owned(), file.data))
    }))
}
