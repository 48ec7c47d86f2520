//! Entry point of the browser app (built by Trunk with `--features csr`).

fn main() {
    console_error_panic_hook::set_once();
    manyi::app::respondent::start();
}
