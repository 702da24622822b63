package org.deeplesion.dicom;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * Decodes text values under a data set's Specific Character Set (0008,0005), PS3.5 6.1.
 *
 * <p>Single-byte and Unicode character sets map to a Java charset. ISO 2022 code extensions are decoded by
 * switching charset at each escape sequence, for the repertoires archives actually use (Latin, Cyrillic, Greek,
 * Japanese and Korean).
 */
public final class SpecificCharacterSet {

    public static final SpecificCharacterSet DEFAULT = new SpecificCharacterSet(StandardCharsets.ISO_8859_1, false);
    public static final SpecificCharacterSet UTF_8 = new SpecificCharacterSet(StandardCharsets.UTF_8, false);

    private static final Map<String, String> CHARSETS = Map.ofEntries(
            Map.entry("ISO_IR 6", "ISO-8859-1"),
            Map.entry("ISO_IR 100", "ISO-8859-1"),
            Map.entry("ISO_IR 101", "ISO-8859-2"),
            Map.entry("ISO_IR 109", "ISO-8859-3"),
            Map.entry("ISO_IR 110", "ISO-8859-4"),
            Map.entry("ISO_IR 144", "ISO-8859-5"),
            Map.entry("ISO_IR 127", "ISO-8859-6"),
            Map.entry("ISO_IR 126", "ISO-8859-7"),
            Map.entry("ISO_IR 138", "ISO-8859-8"),
            Map.entry("ISO_IR 148", "ISO-8859-9"),
            Map.entry("ISO_IR 203", "ISO-8859-15"),
            Map.entry("ISO_IR 13", "JIS_X0201"),
            Map.entry("ISO_IR 166", "TIS-620"),
            Map.entry("ISO_IR 192", "UTF-8"),
            Map.entry("GB18030", "GB18030"),
            Map.entry("GBK", "GBK"));

    private final Charset charset;
    private final boolean codeExtensions;

    private SpecificCharacterSet(Charset charset, boolean codeExtensions) {
        this.charset = charset;
        this.codeExtensions = codeExtensions;
    }

    /**
     * The character set named by the values of (0008,0005); an empty or absent value is the default repertoire.
     *
     * @throws IllegalArgumentException for a defined term this library does not know
     */
    public static SpecificCharacterSet of(String[] terms) {
        if (terms == null || terms.length == 0 || terms[0].isBlank() && terms.length == 1) {
            return DEFAULT;
        }
        boolean extensions = false;
        Charset first = null;
        for (String raw : terms) {
            String term = raw.trim().toUpperCase(Locale.ROOT);
            if (term.startsWith("ISO 2022 ")) {
                extensions = true;
                term = "ISO_IR " + term.substring("ISO 2022 IR ".length());
            }
            if (term.isEmpty()) {
                continue;
            }
            String name = CHARSETS.get(term);
            if (name == null
                    && !term.equals("ISO_IR 87")
                    && !term.equals("ISO_IR 159")
                    && !term.equals("ISO_IR 149")
                    && !term.equals("ISO_IR 58")) {
                throw new IllegalArgumentException("unknown Specific Character Set '" + raw.trim() + "'");
            }
            if (first == null && name != null) {
                first = Charset.forName(name);
            }
        }
        return new SpecificCharacterSet(first == null ? StandardCharsets.ISO_8859_1 : first, extensions);
    }

    public Charset charset() {
        return charset;
    }

    public String decode(byte[] bytes, int offset, int length) {
        if (!codeExtensions) {
            return new String(bytes, offset, length, charset);
        }
        return decodeWithEscapes(bytes, offset, length);
    }

    /**
     * @throws java.nio.charset.CharacterCodingException when the text has characters this character set lacks
     */
    public byte[] encode(String text) throws CharacterCodingException {
        // The default repertoire is ASCII; Latin-1 is only accepted when reading, for lenient decoding.
        Charset target = this == DEFAULT ? StandardCharsets.US_ASCII : charset;
        ByteBuffer bb = target.newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .encode(CharBuffer.wrap(text));
        byte[] out = new byte[bb.remaining()];
        bb.get(out);
        return out;
    }

    /** Splits at ESC sequences and decodes each run with the charset the sequence designates. */
    private String decodeWithEscapes(byte[] bytes, int offset, int length) {
        StringBuilder out = new StringBuilder(length);
        Charset current = charset;
        ByteArrayOutputStream run = new ByteArrayOutputStream();
        int end = offset + length;
        int i = offset;
        while (i < end) {
            if (bytes[i] == 0x1B) {
                out.append(new String(run.toByteArray(), current));
                run.reset();
                int seqLen = escapeLength(bytes, i, end);
                current = designated(bytes, i, seqLen, current);
                if (current.name().equals("ISO-2022-JP")) {
                    run.write(bytes, i, seqLen);
                }
                i += seqLen;
                continue;
            }
            run.write(bytes[i]);
            i++;
        }
        out.append(new String(run.toByteArray(), current));
        return out.toString();
    }

    private static int escapeLength(byte[] b, int i, int end) {
        int j = i + 1;
        while (j < end && b[j] >= 0x20 && b[j] <= 0x2F) {
            j++;
        }
        return Math.min(j + 1, end) - i;
    }

    private Charset designated(byte[] b, int i, int len, Charset current) {
        String seq = new String(b, i + 1, len - 1, StandardCharsets.US_ASCII);
        return switch (seq) {
            case "(B", "(J" -> StandardCharsets.US_ASCII;
            case "$B", "$@", "$(D" -> Charset.forName("ISO-2022-JP");
            case ")I" -> Charset.forName("JIS_X0201");
            case "$)C" -> Charset.forName("EUC-KR");
            case "$)A" -> Charset.forName("GB2312");
            case "-A" -> StandardCharsets.ISO_8859_1;
            case "-B" -> Charset.forName("ISO-8859-2");
            case "-L" -> Charset.forName("ISO-8859-5");
            case "-F" -> Charset.forName("ISO-8859-7");
            case "-M" -> Charset.forName("ISO-8859-9");
            default -> current;
        };
    }
}
