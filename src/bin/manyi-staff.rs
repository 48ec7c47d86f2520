//! Entry point of the staff dashboard (built by Trunk with `--features csr`).

fn main() {
    manyi::app::staff::start();
}
