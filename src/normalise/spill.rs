//! Records moved out of memory as they are read: a register of a million rows is written to a
//! temporary file a record per line, and read back in order when it is checked and written.

use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Seek, Write};

use crate::schema::Risk;

/// Risks held in a temporary file (deleted when dropped), in the order they were read.
pub struct Spill {
    writer: BufWriter<File>,
    count: usize,
    /// The first write that failed: the temporary folder's fault, not the return's.
    failed: Option<String>,
}

impl Spill {
    /// An empty spill in the system's temporary folder.
    ///
    /// # Errors
    /// When the temporary file cannot be made.
    pub fn new() -> io::Result<Spill> {
        Ok(Spill {
            writer: BufWriter::with_capacity(1 << 16, tempfile::tempfile()?),
            count: 0,
            failed: None,
        })
    }

    /// Moves the risks into the spill.
    ///
    /// # Errors
    /// When the temporary file cannot be written (a full disk).
    pub fn push(&mut self, risks: &mut Vec<Risk>) -> io::Result<()> {
        let written = (|| {
            for r in risks.drain(..) {
                serde_json::to_writer(&mut self.writer, &r)?;
                self.writer.write_all(b"\n")?;
                self.count += 1;
            }
            Ok(())
        })();
        self.note(written)
    }

    /// Remembers the first failure of the temporary file.
    fn note(&mut self, result: io::Result<()>) -> io::Result<()> {
        if let Err(e) = &result {
            self.failed.get_or_insert_with(|| e.to_string());
        }
        result
    }

    /// Why the temporary file could not be written, if it could not.
    pub fn failure(&self) -> Option<&str> {
        self.failed.as_deref()
    }

    /// Forgets every risk pushed so far.
    ///
    /// # Errors
    /// When the temporary file cannot be emptied.
    pub fn clear(&mut self) -> io::Result<()> {
        self.writer.flush()?;
        let file = self.writer.get_mut();
        file.set_len(0)?;
        file.rewind()?;
        self.count = 0;
        Ok(())
    }

    /// How many risks the spill holds.
    pub fn len(&self) -> usize {
        self.count
    }

    /// Whether the spill holds no risk.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Writes out what is buffered, so that the risks can be read back.
    ///
    /// # Errors
    /// When the temporary file cannot be written (a full disk).
    pub fn seal(&mut self) -> io::Result<()> {
        let flushed = self.writer.flush();
        self.note(flushed)
    }

    /// Calls `f` with each risk in order, reading them back one at a time.
    ///
    /// # Errors
    /// When the spill was not sealed since the last push, the temporary file cannot be read
    /// back, or `f` fails.
    pub fn for_each<E: From<io::Error>>(
        &self,
        mut f: impl FnMut(Risk) -> Result<(), E>,
    ) -> Result<(), E> {
        if !self.writer.buffer().is_empty() {
            return Err(io::Error::other("the spill was read before it was sealed").into());
        }
        let mut file = self.writer.get_ref();
        file.rewind()?;
        let mut reader = BufReader::with_capacity(1 << 16, file);
        let mut line = String::new();
        for _ in 0..self.count {
            line.clear();
            reader.read_line(&mut line)?;
            let risk: Risk = serde_json::from_str(&line).map_err(io::Error::other)?;
            f(risk)?;
        }
        // Writing goes on at the end.
        file.seek(io::SeekFrom::End(0))?;
        Ok(())
    }
}

impl serde::Serialize for super::SpilledDocument {
    /// The fields of [`super::Document`], in its order, the risks read back from the spills.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let d = &self.doc;
        let mut st = s.serialize_struct("Document", 9)?;
        st.serialize_field("goldthread", &d.goldthread)?;
        match &d.as_of {
            Some(a) => st.serialize_field("as_of", a)?,
            None => st.skip_field("as_of")?,
        }
        st.serialize_field("summary", &d.summary)?;
        st.serialize_field("files", &d.files)?;
        st.serialize_field("risks", &Risks(&d.risks, &self.spills))?;
        st.serialize_field("measures", &d.measures)?;
        st.serialize_field("observations", &d.observations)?;
        st.serialize_field("actions", &d.actions)?;
        st.serialize_field("findings", &d.findings)?;
        st.end()
    }
}

/// Risks in memory, then those in spills, as one list.
struct Risks<'a>(&'a [Risk], &'a [Spill]);

enum Failure<E> {
    Io(io::Error),
    Write(E),
}

impl<E> From<io::Error> for Failure<E> {
    fn from(e: io::Error) -> Self {
        Failure::Io(e)
    }
}

impl serde::Serialize for Risks<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{Error, SerializeSeq};
        let total = self.0.len() + self.1.iter().map(Spill::len).sum::<usize>();
        let mut seq = s.serialize_seq(Some(total))?;
        for r in self.0 {
            seq.serialize_element(r)?;
        }
        for spill in self.1 {
            spill
                .for_each(|r| seq.serialize_element(&r).map_err(Failure::Write))
                .map_err(|e| match e {
                    Failure::Io(e) => S::Error::custom(format!(
                        "the temporary file of records cannot be read back: {e}"
                    )),
                    Failure::Write(e) => e,
                })?;
        }
        seq.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn risks_come_back_in_order_and_unchanged() {
        let mut spill = Spill::new().unwrap();
        let risk = |i: u32| Risk {
            id: format!("R{i}"),
            title: Some(format!("Risk \"{i}\"\nover two lines")),
            ..Default::default()
        };
        let mut batch: Vec<Risk> = (0..3).map(risk).collect();
        spill.push(&mut batch).unwrap();
        assert!(batch.is_empty());
        assert!(
            spill.for_each(|_| Ok::<(), io::Error>(())).is_err(),
            "unsealed"
        );
        spill.seal().unwrap();
        let mut back = Vec::new();
        spill
            .for_each(|r| {
                back.push(r);
                Ok::<(), io::Error>(())
            })
            .unwrap();
        assert_eq!(back, (0..3).map(risk).collect::<Vec<_>>());
        // More can be pushed after reading back, and clearing forgets all.
        spill.push(&mut vec![risk(3)]).unwrap();
        spill.seal().unwrap();
        assert_eq!(spill.len(), 4);
        let mut n = 0;
        spill
            .for_each(|_| {
                n += 1;
                Ok::<(), io::Error>(())
            })
            .unwrap();
        assert_eq!(n, 4);
        spill.clear().unwrap();
        assert!(spill.is_empty());
    }
}
