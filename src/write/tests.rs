//! Tests of the workbook writers.
