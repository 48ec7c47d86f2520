//! Entry point of the survey builder (built by Trunk with `--features csr`): its own bundle,
//! so neither respondents nor the public download it.

fn main() {
    console_error_panic_hook::set_once();
    manyi::app::builder::start();
}
