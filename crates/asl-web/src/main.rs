//! Entry point: mounts the playground.
fn main() {
    asl_web::start();
}
