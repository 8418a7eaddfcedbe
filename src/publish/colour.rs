//! Colour contrast (WCAG 2.2, 1.4.3): the configured colour must carry white text and be
//! readable as link text on white.

use super::Error;

/// The contrast ratio WCAG 2.2 AA asks of normal text.
pub const AA_TEXT: f64 = 4.5;

/// `#rrggbb` (or `rrggbb`, `#rgb`) as red, green and blue.
pub fn parse_hex(text: &str) -> Option<[u8; 3]> {
    let hex = text.trim().trim_start_matches('#');
    let digits: Vec<u8> = hex
        .chars()
        .map(|c| c.to_digit(16).map(|d| d as u8))
        .collect::<Option<_>>()?;
    match digits.as_slice() {
        [r, g, b] => Some([r * 17, g * 17, b * 17]),
        [r1, r2, g1, g2, b1, b2] => Some([r1 * 16 + r2, g1 * 16 + g2, b1 * 16 + b2]),
        _ => None,
    }
}

/// Relative luminance of an sRGB colour.
fn luminance(rgb: [u8; 3]) -> f64 {
    let channel = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(rgb[0]) + 0.7152 * channel(rgb[1]) + 0.0722 * channel(rgb[2])
}

/// The contrast ratio of two colours, 1 to 21.
pub fn contrast(a: [u8; 3], b: [u8; 3]) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

/// The colour as `#rrggbb` when it reaches AA contrast against white; otherwise why not.
///
/// # Errors
/// [`Error::NotAColour`] for a colour that is not `#rrggbb`, or [`Error::LowContrast`] for one
/// too light to carry white text.
pub fn checked(text: &str) -> Result<String, Error> {
    let rgb = parse_hex(text).ok_or_else(|| Error::NotAColour(text.to_string()))?;
    let ratio = contrast(rgb, [255, 255, 255]);
    if ratio < AA_TEXT {
        return Err(Error::LowContrast {
            colour: text.to_string(),
            ratio,
        });
    }
    Ok(format!("#{:02x}{:02x}{:02x}", rgb[0], rgb[1], rgb[2]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_follows_wcag() {
        assert!((contrast([0, 0, 0], [255, 255, 255]) - 21.0).abs() < 1e-9);
        assert!(checked("#1d4f91").is_ok());
        assert_eq!(
            checked("#FFF").unwrap_err().to_string(),
            "publish.colour '#FFF' has a contrast of 1.0:1 with white; WCAG 2.2 AA asks for 4.5:1"
        );
        assert_eq!(
            checked("blue").unwrap_err().to_string(),
            "publish.colour 'blue' is not a colour written as #rrggbb"
        );
        assert!(checked("#ffbf00").is_err());
        assert!(checked("blue").is_err());
        assert!(checked("#abc").is_err());
        assert_eq!(checked("#003366").unwrap(), "#003366");
    }
}
