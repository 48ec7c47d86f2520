//! Pages two bundles show: the staff sign-in (dashboard and builder).

mod login_page;

pub use login_page::LoginPage;
