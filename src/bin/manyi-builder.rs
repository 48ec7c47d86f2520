//! Entry point of the survey builder (built by Trunk with `--features csr`): its own bundle,
//! so neither respondents nor the public download it.

fn main() {
    manyi::app::builder::start();
}
