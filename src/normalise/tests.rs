//! Tests of normalising sheets built in memory.
