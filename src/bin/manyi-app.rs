//! Entry point of the browser app (built by Trunk with `--features csr`).

fn main() {
    manyi::app::respondent::start();
}
