//! Files that hold post content or what the server said (the journal, the log, backups) are
//! created readable by their owner only: mode 0600, in
//! folders created 0700 (DESIGN §7 invariant 5). A folder that already exists keeps its mode (it may be shared on purpose); a
//! file we append to is tightened to 0600 when it is ours. On other platforms the default
//! permissions apply.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::Path;

/// Creates `dir` and its missing parents, each new one 0700.
///
/// # Errors
/// The I/O error of the creation.
pub fn create_dir_all(dir: &Path) -> io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// Opens `path` for appending, creating it 0600 (and its folder 0700) when missing; an existing
/// file is set to 0600.
///
/// # Errors
/// The I/O error of the folder, the file or its permissions.
pub fn open_append(path: &Path) -> io::Result<File> {
    if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
        create_dir_all(dir)?;
    }
    let mut options = OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let file = options.open(path)?;
    restrict(&file)?;
    Ok(file)
}

/// Writes `bytes` to `path`, created 0600 (replacing any file there), and syncs it.
///
/// # Errors
/// The I/O error of the write.
pub fn write(path: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::io::Write as _;
    let mut options = OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    restrict(&file)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Sets an open file to 0600 (a file created by an older version may be 0644).
fn restrict(file: &File) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mut permissions = file.metadata()?.permissions();
        if permissions.mode() & 0o077 != 0 {
            permissions.set_mode(0o600);
            file.set_permissions(permissions)?;
        }
    }
    #[cfg(not(unix))]
    let _ = file;
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt as _;

    use super::*;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path)
            .expect("metadata")
            .permissions()
            .mode()
            & 0o777
    }

    #[test]
    fn new_files_and_folders_are_private_and_old_files_are_tightened() {
        let root = tempfile::tempdir().expect("tempdir");
        let journal = root.path().join("a").join("b").join("journal.jsonl");
        drop(open_append(&journal).expect("open"));
        assert_eq!(mode(&journal), 0o600);
        assert_eq!(mode(&root.path().join("a")), 0o700);
        assert_eq!(mode(&root.path().join("a").join("b")), 0o700);
        let old = root.path().join("old.jsonl");
        std::fs::write(&old, b"{}\n").expect("write");
        std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o644)).expect("chmod");
        drop(open_append(&old).expect("open"));
        assert_eq!(mode(&old), 0o600);
    }
}
