//! Where the app keeps its files: the config file, the data and state directories, the log and
//! the journal, from the platform's conventions (XDG on Linux).

use std::path::PathBuf;

use super::ConfigError;

/// Where the app keeps its files, from the platform's conventions (XDG on Linux).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    /// The config file: `<config dir>/config.toml`.
    pub config_file: PathBuf,
    /// Durable data (the journal).
    pub data_dir: PathBuf,
    /// Logs and other state; the local data dir on platforms without a state dir.
    pub state_dir: PathBuf,
    /// `state_dir/postpost.log`.
    pub log_file: PathBuf,
    /// `data_dir/journal.jsonl`: one JSON record per line.
    pub journal_file: PathBuf,
}

impl Paths {
    /// Finds the directories for qualifier `dev`, organisation `postpost`, application
    /// `postpost`.
    ///
    /// # Errors
    /// [`ConfigError::NoDirs`] when no home directory can be found.
    pub fn discover() -> Result<Paths, ConfigError> {
        let dirs = directories::ProjectDirs::from("dev", "postpost", "postpost")
            .ok_or(ConfigError::NoDirs)?;
        let data_dir = dirs.data_dir().to_path_buf();
        let state_dir = dirs
            .state_dir()
            .unwrap_or_else(|| dirs.data_local_dir())
            .to_path_buf();
        Ok(Paths {
            config_file: dirs.config_dir().join("config.toml"),
            log_file: state_dir.join("postpost.log"),
            journal_file: data_dir.join("journal.jsonl"),
            data_dir,
            state_dir,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_follow_the_layout() {
        let Ok(paths) = Paths::discover() else {
            return; // no home directory in this environment
        };
        assert!(paths.config_file.ends_with("config.toml"));
        assert_eq!(paths.log_file, paths.state_dir.join("postpost.log"));
        assert_eq!(paths.journal_file, paths.data_dir.join("journal.jsonl"));
    }
}
