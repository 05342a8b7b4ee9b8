package dev.gantry.steps.csv;

import java.util.List;
import java.util.Optional;

/**
 * One record of a CSV file: its fields, the line it starts on (counted from 1), and the syntax
 * problem that made it unreadable, if any (then the fields are whatever was read).
 */
record CsvRecord(long line, List<String> fields, Optional<String> problem) {}
