package org.deeplesion.text;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one line of comma-separated values: fields may be enclosed in double quotes, which may hold commas and
 * doubled quotes; a field cannot span lines. Shared by the DL_info.csv and measurement-export readers.
 */
public final class CsvFields {

    private CsvFields() {}

    /** @throws IllegalArgumentException when a quoted field is not closed on the line */
    public static List<String> split(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    field.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(ch);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("unterminated quoted field (fields cannot span lines)");
        }
        fields.add(field.toString());
        return fields;
    }
}
