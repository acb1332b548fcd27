//! Reading a table of `config.toml` into a serde struct field by field: an unknown key is a
//! warning, a value of the wrong type that has a clear meaning is taken in it (`"72"` for a
//! number, `"yes"` for true, a lone value for a list), and any other wrong value is an error at
//! its line that leaves that field at its default, not the whole table.

use serde::de::{self, DeserializeOwned, Visitor};
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

use super::Problem;
use super::read::Lines;

/// The field names of a serde struct, as its derived `Deserialize` declares them: asked of a
/// deserializer that records them and refuses to go further.
pub fn field_names<T: DeserializeOwned>() -> &'static [&'static str] {
    struct Probe<'a>(&'a mut &'static [&'static str]);
    impl<'de> de::Deserializer<'de> for Probe<'_> {
        type Error = de::value::Error;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
            Err(de::Error::custom("not a struct"))
        }
        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Self::Error> {
            *self.0 = fields;
            Err(de::Error::custom("probed"))
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
            byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map enum
            identifier ignored_any
        }
    }
    let mut fields: &'static [&'static str] = &[];
    // The probe always ends in an error: what matters is what it recorded.
    let _ = T::deserialize(Probe(&mut fields));
    fields
}

/// Reads the table `value` (named `section` in messages) into `T`, field by field.
pub fn table<'i, T: DeserializeOwned + Default>(
    value: &Spanned<DeValue<'i>>,
    section: &str,
    lines: &Lines<'_>,
    problems: &mut Vec<Problem>,
) -> T {
    let DeValue::Table(given) = value.get_ref() else {
        problems.push(Problem::error(
            Some(lines.at(value.span().start)),
            format!("{section} must be a table ([{section}] and its settings under it)"),
        ));
        return T::default();
    };
    let fields = field_names::<T>();
    let mut kept = DeTable::new();
    for (k, v) in given.iter() {
        if fields.contains(&k.get_ref().as_ref()) {
            kept.insert(k.clone(), v.clone());
        } else {
            problems.push(unknown(
                section,
                k.get_ref(),
                fields,
                lines.at(k.span().start),
            ));
        }
    }
    // Each round settles one field (taken in another type, or dropped): it ends.
    for _ in 0..=fields.len() {
        let err = match attempt::<T>(&kept, value.span()) {
            Ok(t) => return t,
            Err(e) => e,
        };
        let culprit = err.span().and_then(|at| {
            kept.iter()
                .find(|(k, v)| {
                    let (ks, vs) = (k.span(), v.span());
                    (vs.start <= at.start && at.end <= vs.end)
                        || (ks.start <= at.start && at.end <= ks.end)
                })
                .map(|(k, v)| (k.clone(), v.clone()))
        });
        let Some((key, v)) = culprit else {
            problems.push(Problem::error(
                Some(lines.at(err.span().map_or(value.span().start, |s| s.start))),
                format!("{section}: {}", err.message()),
            ));
            return T::default();
        };
        let line = lines.at(key.span().start);
        let taken = coercions(v.get_ref()).into_iter().find_map(|c| {
            let mut trial = kept.clone();
            let c = Spanned::new(v.span(), c);
            trial.insert(key.clone(), c.clone());
            let ok = match attempt::<T>(&trial, value.span()) {
                Ok(_) => true,
                Err(e) => e
                    .span()
                    .is_none_or(|at| !(v.span().start <= at.start && at.end <= v.span().end)),
            };
            ok.then_some(c)
        });
        match taken {
            Some(c) => {
                kept.insert(key, c);
            }
            None => {
                problems.push(Problem::error(
                    Some(line),
                    format!("{section}.{}: {}", key.get_ref(), err.message()),
                ));
                kept.remove(&key);
            }
        }
    }
    T::default()
}

fn attempt<'i, T: DeserializeOwned>(
    table: &DeTable<'i>,
    span: std::ops::Range<usize>,
) -> Result<T, toml::de::Error> {
    T::deserialize(ValueDeserializer::from(Spanned::new(
        span,
        DeValue::Table(table.clone()),
    )))
}

/// What `v` may have meant in another type: a number or a truth written as text, a truth
/// written as 0 or 1, a lone value for a list of one.
fn coercions<'i>(v: &DeValue<'i>) -> Vec<DeValue<'i>> {
    let mut out = Vec::new();
    match v {
        DeValue::String(s) => {
            let t = s.trim();
            if let Some(b) = truth(t) {
                out.push(DeValue::Boolean(b));
            }
            if !t.is_empty() && t.len() <= 20 && t.chars().all(|c| c.is_ascii_digit()) {
                // toml builds integers only by parsing text, which they then borrow: the few
                // digits of a setting written in quotes are given the life of the program.
                let digits: &'static str = Box::leak(t.to_owned().into_boxed_str());
                if let Ok(n) = DeValue::parse(digits) {
                    out.push(n.into_inner());
                }
            }
        }
        DeValue::Integer(i) if matches!(i.as_str(), "0" | "1") => {
            out.push(DeValue::Boolean(i.as_str() == "1"));
        }
        _ => {}
    }
    if !matches!(v, DeValue::Array(_) | DeValue::Table(_)) {
        let mut list = toml::de::DeArray::new();
        list.push(Spanned::new(0..0, v.clone()));
        out.push(DeValue::Array(list));
    }
    out
}

/// `yes`, `on`, `true` and their opposites, as people write them in config files.
pub fn truth(text: &str) -> Option<bool> {
    match text.to_lowercase().as_str() {
        "true" | "yes" | "on" => Some(true),
        "false" | "no" | "off" => Some(false),
        _ => None,
    }
}

/// The warning for a key no setting has, with the closest name when one is close.
pub fn unknown(section: &str, key: &str, known: &[&str], line: usize) -> Problem {
    let close = known
        .iter()
        .map(|n| (super::distance(key, n), *n))
        .filter(|(d, n)| *d <= (n.len() / 3).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, n)| format!(" (did you mean `{n}`?)"))
        .unwrap_or_default();
    let whole = if section.is_empty() {
        key.to_owned()
    } else {
        format!("{section}.{key}")
    };
    Problem::warning(
        Some(line),
        format!("unknown setting `{whole}`{close}; ignored"),
    )
}
