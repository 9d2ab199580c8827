//! The social networks (POSTPOST_API.md §1.6) and the compound platform ids that name an
//! account on one of them (`<platform>-<rawId>`, §1.2).

use std::str::FromStr;

use super::wire_enum::wire_enum;

wire_enum!(
    /// A social network (POSTPOST_API.md §1.6; 11 names, Pinterest included per list-posts).
    Platform {
        Twitter => "twitter",
        Linkedin => "linkedin",
        Instagram => "instagram",
        Threads => "threads",
        Tiktok => "tiktok",
        Youtube => "youtube",
        Facebook => "facebook",
        Bluesky => "bluesky",
        Mastodon => "mastodon",
        Telegram => "telegram",
        Pinterest => "pinterest",
    }
);

impl FromStr for Platform {
    type Err = String;
    /// Accepts only the eleven documented names (case-insensitive), for user input.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match Self::from_wire(&s.to_ascii_lowercase()) {
            Self::Other(_) => {
                let names: Vec<&str> = Self::KNOWN.iter().map(Self::as_str).collect();
                Err(format!(
                    "unknown platform {s:?}: expected one of {}",
                    names.join(", ")
                ))
            }
            known => Ok(known),
        }
    }
}

/// The network named by a compound platform id's prefix (`twitter-123` → twitter, §1.2).
pub fn platform_of_id(platform_id: &str) -> Platform {
    let name = platform_id.split('-').next().unwrap_or_default();
    Platform::from_wire(&name.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_input_platforms_reject_unknowns() {
        assert_eq!("LinkedIn".parse::<Platform>(), Ok(Platform::Linkedin));
        assert!("myspace".parse::<Platform>().is_err());
    }
}
