pub fn run(_: &crate::cli::Context, _: crate::library::Sources) -> Result<i32, String> {
    Ok(0)
}
