package org.deeplesion.recist;

import java.util.List;

/**
 * What a measurement CSV held: the rows that could be read, and one problem for each row that could not, naming the
 * file, line and column.
 */
public record CsvExtraction(List<CsvMeasurement> measurements, List<String> problems) {

    public CsvExtraction {
        measurements = List.copyOf(measurements);
        problems = List.copyOf(problems);
    }
}
