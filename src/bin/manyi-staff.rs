//! Entry point of the staff dashboard (built by Trunk with `--features csr`).

fn main() {
    console_error_panic_hook::set_once();
    manyi::app::staff::start();
}
