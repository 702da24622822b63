package org.deeplesion.dicom;

import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * An ordered set of data elements: a whole data set, or one sequence item.
 *
 * <p>Text values are decoded with the data set's Specific Character Set, inherited by sequence items that do not
 * declare their own. Getters return null (or the given default) for absent or empty elements; a value that is
 * present but malformed raises {@link IllegalArgumentException} naming the tag.
 */
public final class DicomDataset {

    private final TreeMap<Integer, DicomElement> elements = new TreeMap<>(Integer::compareUnsigned);
    private final SpecificCharacterSet inheritedCharacterSet;
    private final DicomDataset parent;
    private SpecificCharacterSet declaredCharacterSet;

    public DicomDataset() {
        this(SpecificCharacterSet.DEFAULT);
    }

    /** A sequence item read within a data set whose character set it inherits. */
    public DicomDataset(SpecificCharacterSet inherited) {
        this.inheritedCharacterSet = inherited;
        this.parent = null;
    }

    private DicomDataset(DicomDataset parent) {
        this.inheritedCharacterSet = SpecificCharacterSet.DEFAULT;
        this.parent = parent;
    }

    /** The character set text values are in: declared here, else the enclosing data set's. */
    public SpecificCharacterSet characterSet() {
        if (declaredCharacterSet != null) {
            return declaredCharacterSet;
        }
        return parent != null ? parent.characterSet() : inheritedCharacterSet;
    }

    public Collection<DicomElement> elements() {
        return elements.values();
    }

    public int size() {
        return elements.size();
    }

    public boolean contains(int tag) {
        return elements.containsKey(tag);
    }

    public DicomElement get(int tag) {
        return elements.get(tag);
    }

    public DicomDataset put(DicomElement element) {
        if (element.tag() == Tag.SpecificCharacterSet) {
            declaredCharacterSet = element.value() == null || element.value().length == 0
                    ? null
                    : SpecificCharacterSet.of(splitValues(asciiString(element.value())));
        }
        elements.put(element.tag(), element);
        return this;
    }

    public DicomElement remove(int tag) {
        if (tag == Tag.SpecificCharacterSet) {
            declaredCharacterSet = null;
        }
        return elements.remove(tag);
    }

    // ---- typed getters -------------------------------------------------------------------------------------

    /** The first value of a text element, trimmed of padding. */
    public String string(int tag) {
        String[] values = strings(tag);
        return values == null || values.length == 0 ? null : values[0];
    }

    public String string(int tag, String defaultValue) {
        String s = string(tag);
        return s == null || s.isEmpty() ? defaultValue : s;
    }

    /** All values of a text element (split on backslash, each trimmed), or null when absent or empty. */
    public String[] strings(int tag) {
        DicomElement e = elements.get(tag);
        if (e == null || e.value() == null || e.value().length == 0) {
            return null;
        }
        String text = e.vr().isCharacterSetText()
                ? characterSet().decode(e.value(), 0, e.value().length)
                : asciiString(e.value());
        if (e.vr() == Vr.LT || e.vr() == Vr.ST || e.vr() == Vr.UT) {
            return new String[] {stripTrailing(text)};
        }
        return splitValues(text);
    }

    public int intValue(int tag, int defaultValue) {
        long[] v = longs(tag);
        if (v == null || v.length == 0) {
            return defaultValue;
        }
        if (v[0] < Integer.MIN_VALUE || v[0] > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "tag " + Tag.toString(tag) + " holds " + v[0] + ", beyond the int range");
        }
        return (int) v[0];
    }

    /** Integer values of a binary (US, SS, UL, SL) or text (IS) element. */
    public long[] longs(int tag) {
        DicomElement e = elements.get(tag);
        if (e == null || e.value() == null || e.value().length == 0) {
            return null;
        }
        ByteBuffer bb = ByteBuffer.wrap(e.value()).order(ByteOrder.LITTLE_ENDIAN);
        int n = e.value().length;
        return switch (e.vr()) {
            case US -> longsOf(n / 2, i -> bb.getShort(i * 2) & 0xFFFFL);
            case SS -> longsOf(n / 2, i -> bb.getShort(i * 2));
            case UL -> longsOf(n / 4, i -> bb.getInt(i * 4) & 0xFFFFFFFFL);
            case SL -> longsOf(n / 4, i -> bb.getInt(i * 4));
            case IS, DS -> {
                String[] parts = strings(tag);
                long[] out = new long[parts.length];
                for (int i = 0; i < parts.length; i++) {
                    out[i] = parseLong(tag, parts[i]);
                }
                yield out;
            }
            default ->
                throw new IllegalArgumentException(
                        "tag " + Tag.toString(tag) + " has VR " + e.vr() + ", not an integer VR");
        };
    }

    public double doubleValue(int tag, double defaultValue) {
        double[] v = doubles(tag);
        return v == null || v.length == 0 ? defaultValue : v[0];
    }

    /** Decimal values of a DS, IS, FL, FD, OF or OD element. */
    public double[] doubles(int tag) {
        DicomElement e = elements.get(tag);
        if (e == null || e.value() == null || e.value().length == 0) {
            return null;
        }
        ByteBuffer bb = ByteBuffer.wrap(e.value()).order(ByteOrder.LITTLE_ENDIAN);
        int n = e.value().length;
        switch (e.vr()) {
            case FL, OF -> {
                double[] out = new double[n / 4];
                for (int i = 0; i < out.length; i++) {
                    out[i] = bb.getFloat(i * 4);
                }
                return out;
            }
            case FD, OD -> {
                double[] out = new double[n / 8];
                for (int i = 0; i < out.length; i++) {
                    out[i] = bb.getDouble(i * 8);
                }
                return out;
            }
            case DS, IS -> {
                String[] parts = strings(tag);
                double[] out = new double[parts.length];
                for (int i = 0; i < parts.length; i++) {
                    try {
                        out[i] = Double.parseDouble(parts[i]);
                    } catch (NumberFormatException ex) {
                        throw new IllegalArgumentException(
                                "tag " + Tag.toString(tag) + " holds '" + parts[i] + "', not a decimal number", ex);
                    }
                }
                return out;
            }
            default -> {
                long[] ints = longs(tag);
                double[] out = new double[ints.length];
                for (int i = 0; i < ints.length; i++) {
                    out[i] = ints[i];
                }
                return out;
            }
        }
    }

    /** The items of a sequence element; empty when the element is absent. */
    public List<DicomDataset> sequence(int tag) {
        DicomElement e = elements.get(tag);
        if (e == null) {
            return List.of();
        }
        if (!e.isSequence()) {
            throw new IllegalArgumentException("tag " + Tag.toString(tag) + " has VR " + e.vr() + ", not SQ");
        }
        return e.items();
    }

    public byte[] bytes(int tag) {
        DicomElement e = elements.get(tag);
        return e == null ? null : e.value();
    }

    // ---- typed setters (for writing) ------------------------------------------------------------------------

    /** Sets a text element; values are joined with backslash and encoded in this data set's character set. */
    public DicomDataset putString(int tag, Vr vr, String... values) {
        String joined = String.join("\\", values);
        SpecificCharacterSet cs = vr.isCharacterSetText() ? characterSet() : SpecificCharacterSet.DEFAULT;
        if (!vr.isCharacterSetText() && !joined.chars().allMatch(c -> c < 128)) {
            throw new IllegalArgumentException(
                    "tag " + Tag.toString(tag) + " (" + vr + ") allows ASCII only: '" + joined + "'");
        }
        try {
            return put(DicomElement.ofValue(tag, vr, cs.encode(joined)));
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(
                    "tag " + Tag.toString(tag) + ": '" + joined + "' cannot be encoded in "
                            + cs.charset().name() + "; set Specific Character Set (0008,0005) first, e.g. ISO_IR 192",
                    e);
        }
    }

    /** Sets a DS element, each value formatted to at most 16 characters as the standard requires. */
    public DicomDataset putDecimals(int tag, double... values) {
        String[] s = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            s[i] = formatDecimalString(values[i]);
        }
        return putString(tag, Vr.DS, s);
    }

    public DicomDataset putInts(int tag, Vr vr, int... values) {
        int unit = switch (vr) {
            case US, SS -> 2;
            case UL, SL -> 4;
            case IS -> 0;
            default -> throw new IllegalArgumentException("VR " + vr + " does not hold integers");
        };
        if (unit == 0) {
            String[] s = new String[values.length];
            for (int i = 0; i < values.length; i++) {
                s[i] = Integer.toString(values[i]);
            }
            return putString(tag, vr, s);
        }
        long min = vr == Vr.US || vr == Vr.UL ? 0 : vr == Vr.SS ? Short.MIN_VALUE : Integer.MIN_VALUE;
        long max = vr == Vr.US ? 0xFFFF : vr == Vr.SS ? Short.MAX_VALUE : Integer.MAX_VALUE;
        ByteBuffer bb = ByteBuffer.allocate(values.length * unit).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            if (v < min || v > max) {
                throw new IllegalArgumentException("tag " + Tag.toString(tag) + ": " + v + " does not fit VR " + vr);
            }
            if (unit == 2) {
                bb.putShort((short) v);
            } else {
                bb.putInt(v);
            }
        }
        return put(DicomElement.ofValue(tag, vr, bb.array()));
    }

    public DicomDataset putFloats(int tag, float... values) {
        ByteBuffer bb = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            bb.putFloat(v);
        }
        return put(DicomElement.ofValue(tag, Vr.FL, bb.array()));
    }

    public DicomDataset putBytes(int tag, Vr vr, byte[] value) {
        return put(DicomElement.ofValue(tag, vr, value));
    }

    public DicomDataset putSequence(int tag, List<DicomDataset> items) {
        return put(DicomElement.ofItems(tag, items));
    }

    /** A new item that inherits this data set's character set, for building sequences. */
    public DicomDataset newItem() {
        return new DicomDataset(this);
    }

    /** Formats a decimal string (DS) value within the 16 characters the standard allows. */
    public static String formatDecimalString(double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("DS cannot hold " + v);
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        for (int digits = 14; digits > 0; digits--) {
            String s = new BigDecimal(v)
                    .round(new MathContext(digits))
                    .stripTrailingZeros()
                    .toString();
            if (s.length() <= 16) {
                return s;
            }
        }
        throw new IllegalArgumentException("DS cannot represent " + v + " in 16 characters");
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private interface LongAt {
        long at(int i);
    }

    private static long[] longsOf(int n, LongAt f) {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = f.at(i);
        }
        return out;
    }

    private static long parseLong(int tag, String s) {
        try {
            return Long.parseLong(s.startsWith("+") ? s.substring(1) : s);
        } catch (NumberFormatException ex) {
            try {
                double d = Double.parseDouble(s);
                if (d == Math.rint(d)) {
                    return (long) d;
                }
            } catch (NumberFormatException ignored) {
                // fall through to the error naming the tag
            }
            throw new IllegalArgumentException("tag " + Tag.toString(tag) + " holds '" + s + "', not an integer", ex);
        }
    }

    private static String asciiString(byte[] value) {
        return new String(value, StandardCharsets.ISO_8859_1);
    }

    private static String[] splitValues(String text) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == '\\') {
                parts.add(trim(text.substring(start, i)));
                start = i + 1;
            }
        }
        return parts.toArray(String[]::new);
    }

    private static String trim(String s) {
        int b = 0;
        int e = s.length();
        while (b < e && (s.charAt(b) == ' ' || s.charAt(b) == '\0')) {
            b++;
        }
        while (e > b && (s.charAt(e - 1) == ' ' || s.charAt(e - 1) == '\0')) {
            e--;
        }
        return s.substring(b, e);
    }

    private static String stripTrailing(String s) {
        int e = s.length();
        while (e > 0 && (s.charAt(e - 1) == ' ' || s.charAt(e - 1) == '\0')) {
            e--;
        }
        return s.substring(0, e);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (DicomElement e : elements.values()) {
            sb.append(Tag.toString(e.tag())).append(' ').append(e.vr());
            if (e.isSequence()) {
                sb.append(" [").append(e.items().size()).append(" items]");
            } else if (e.isEncapsulated()) {
                sb.append(" [").append(e.fragments().size()).append(" fragments]");
            } else if (e.value() != null && e.vr().isText()) {
                sb.append(" ").append(String.join("\\", strings(e.tag()) == null ? new String[0] : strings(e.tag())));
            } else if (e.value() != null) {
                sb.append(" <").append(e.value().length).append(" bytes>");
            }
            sb.append(String.format(Locale.ROOT, "%n"));
        }
        return sb.toString();
    }
}
