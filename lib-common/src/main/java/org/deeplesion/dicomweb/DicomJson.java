package org.deeplesion.dicomweb;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * One DICOM JSON object (PS3.18 F.2): {@code "0020000D" -> {"vr": "UI", "Value": ["1.2.3"]}}. Tags are eight hex
 * digits, either case. Absent attributes, attributes without a Value and null values read as null or empty.
 *
 * <p>Servers differ in how they write numbers: IS and DS values may come as JSON numbers or as strings, and both are
 * read here. A person name (PN) reads as its Alphabetic component.
 */
public record DicomJson(JsonNode node) {

    public DicomJson {
        requireNonNull(node, "node");
        if (!node.isObject()) {
            throw new IllegalArgumentException("a DICOM JSON dataset is an object, not " + node.getNodeType());
        }
    }

    /** The first value as text, or null. */
    public String string(String tag) {
        JsonNode values = values(tag);
        return values.isEmpty() ? null : text(values.get(0));
    }

    /** Every value as text (a null value stays null), empty when absent. */
    public List<String> strings(String tag) {
        JsonNode values = values(tag);
        List<String> out = new ArrayList<>(values.size());
        for (JsonNode v : values) {
            out.add(text(v));
        }
        return Collections.unmodifiableList(out);
    }

    /** The first value as an int (IS, US, UL, SL, SS), or null when absent. */
    public Integer integer(String tag) {
        JsonNode values = values(tag);
        if (values.isEmpty() || values.get(0).isNull()) {
            return null;
        }
        JsonNode v = values.get(0);
        if (v.isIntegralNumber() && v.canConvertToInt()) {
            return v.intValue();
        }
        String s = v.asText().trim();
        try {
            return Integer.valueOf(s.startsWith("+") ? s.substring(1) : s);
        } catch (NumberFormatException e) {
            throw new NumberFormatException("attribute " + key(tag) + " is not an integer: " + v);
        }
    }

    /** Every value as a double (DS, FD, FL, IS...), empty when absent; a null value reads as NaN. */
    public double[] doubles(String tag) {
        JsonNode values = values(tag);
        double[] out = new double[values.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = values.get(i);
            if (v.isNull()) {
                out[i] = Double.NaN;
            } else if (v.isNumber()) {
                out[i] = v.doubleValue();
            } else {
                try {
                    out[i] = Double.parseDouble(v.asText().trim());
                } catch (NumberFormatException e) {
                    throw new NumberFormatException("attribute " + key(tag) + " value " + i + " is not a number: " + v);
                }
            }
        }
        return out;
    }

    private JsonNode values(String tag) {
        JsonNode attribute = node.get(key(tag));
        if (attribute == null) {
            return MissingNode.getInstance();
        }
        JsonNode values = attribute.get("Value");
        return values == null || !values.isArray() ? MissingNode.getInstance() : values;
    }

    private static String key(String tag) {
        requireNonNull(tag, "tag");
        if (tag.length() != 8) {
            throw new IllegalArgumentException("a DICOM JSON tag is eight hex digits, e.g. 0020000D, not " + tag);
        }
        return tag.toUpperCase(Locale.ROOT);
    }

    private static String text(JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isObject()) {
            // PN: {"Alphabetic": "Doe^Jane", "Ideographic": ...}
            JsonNode alphabetic = v.get("Alphabetic");
            return alphabetic == null ? null : alphabetic.asText();
        }
        return v.asText();
    }
}
