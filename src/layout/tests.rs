//! Tests of layout detection on sheets built in memory.
