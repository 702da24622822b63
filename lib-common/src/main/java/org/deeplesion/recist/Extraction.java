package org.deeplesion.recist;

import java.util.List;

/**
 * What a presentation state held: the RECIST measurements found, and what could not be used, one sentence each,
 * naming the annotation, graphic object and image concerned. A presentation state can yield both.
 */
public record Extraction(List<ExtractedMeasurement> measurements, List<String> problems) {

    public Extraction {
        measurements = List.copyOf(measurements);
        problems = List.copyOf(problems);
    }
}
