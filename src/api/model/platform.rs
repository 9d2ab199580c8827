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

impl Platform {
    /// One bit per known network (its place in [`Platform::KNOWN`]), for a set of networks held
    /// in a `u16`; `None` for a network this client does not know.
    pub fn bit(&self) -> Option<u16> {
        let place = match self {
            Self::Twitter => 0,
            Self::Linkedin => 1,
            Self::Instagram => 2,
            Self::Threads => 3,
            Self::Tiktok => 4,
            Self::Youtube => 5,
            Self::Facebook => 6,
            Self::Bluesky => 7,
            Self::Mastodon => 8,
            Self::Telegram => 9,
            Self::Pinterest => 10,
            Self::Other(_) => return None,
        };
        Some(1 << place)
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

    #[test]
    fn every_known_network_has_its_own_bit() {
        let bits: Vec<u16> = Platform::KNOWN.iter().filter_map(Platform::bit).collect();
        assert_eq!(bits.len(), Platform::KNOWN.len());
        assert_eq!(
            bits.iter().fold(0, |all, bit| all | bit).count_ones() as usize,
            bits.len()
        );
        assert_eq!(Platform::Other("myspace".into()).bit(), None);
    }
}
