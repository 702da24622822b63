package org.deeplesion.dicomweb;

import static java.util.Objects.requireNonNull;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Reads a multipart/related (RFC 2046, RFC 2387) body as it arrives, one part at a time, through a buffer of fixed
 * size: a part of any size is never held in memory. Each part's body is an {@link InputStream} that ends exactly
 * where the next delimiter ({@code CRLF--boundary}) begins.
 *
 * <p>The preamble before the first delimiter and the epilogue after the closing {@code --boundary--} are ignored.
 * Part bodies are not decoded (DICOMweb sends binary parts). Not thread-safe.
 */
public final class MultipartReader {

    /** The default buffer: large enough for efficient reads, small enough to have many in flight. */
    public static final int DEFAULT_BUFFER = 64 * 1024;

    private static final int MAX_HEADER_LINE = 8 * 1024;
    private static final int MAX_HEADER_LINES = 100;

    private final InputStream in;
    private final byte[] delimiter;
    /** Horspool's shift: how far the delimiter may move on when the byte under its last one is b. */
    private final int[] shift = new int[256];

    private final byte[] buf;
    private int pos;
    private int limit;
    private boolean eof;
    private long streamBytes;
    /** Bytes from pos up to here belong to the current body (or the preamble) for sure. */
    private int bodyEnd;
    /** Where the next delimiter starts in buf, or -1 if it is not yet in the buffer. */
    private int delimiterAt = -1;

    private boolean started;
    private boolean finished;
    private Part current;
    private int parts;
    private long bodyBytes;

    /** A reader of this stream, whose parts are separated by this boundary (without the leading "--"). */
    public MultipartReader(InputStream in, String boundary) {
        this(in, boundary, DEFAULT_BUFFER);
    }

    MultipartReader(InputStream in, String boundary, int bufferSize) {
        this.in = requireNonNull(in, "in");
        requireNonNull(boundary, "boundary");
        if (boundary.isEmpty() || boundary.length() > 200) {
            throw new IllegalArgumentException("a multipart boundary has 1 to 200 characters (RFC 2046: at most 70), "
                    + "not " + boundary.length());
        }
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        if (bufferSize < 2 * delimiter.length + 4) {
            throw new IllegalArgumentException("buffer of " + bufferSize + " bytes too small for boundary " + boundary);
        }
        this.buf = new byte[bufferSize];
        Arrays.fill(shift, delimiter.length);
        for (int i = 0; i < delimiter.length - 1; i++) {
            shift[delimiter[i] & 0xff] = delimiter.length - 1 - i;
        }
        // A delimiter is CRLF--boundary, but the first one may open the body: read as if a line break came first.
        buf[0] = '\r';
        buf[1] = '\n';
        limit = 2;
    }

    /**
     * The boundary parameter of a multipart Content-Type, quoted or not, e.g. {@code boundary} in {@code
     * multipart/related; type="application/dicom"; boundary="boundary"}.
     *
     * @throws IOException when the type is not multipart or has no boundary
     */
    public static String boundary(String contentType) throws IOException {
        if (contentType == null || !contentType.trim().toLowerCase(Locale.ROOT).startsWith("multipart/")) {
            throw new IOException("expected a multipart Content-Type, got " + contentType);
        }
        int i = contentType.indexOf(';');
        while (i >= 0 && i < contentType.length()) {
            i++; // past ';'
            int eq = contentType.indexOf('=', i);
            int semicolon = contentType.indexOf(';', i);
            if (eq < 0) {
                break;
            }
            if (semicolon >= 0 && semicolon < eq) {
                i = semicolon; // a parameter without a value
                continue;
            }
            String name = contentType.substring(i, eq).trim().toLowerCase(Locale.ROOT);
            int j = eq + 1;
            while (j < contentType.length() && contentType.charAt(j) == ' ') {
                j++;
            }
            StringBuilder value = new StringBuilder();
            if (j < contentType.length() && contentType.charAt(j) == '"') {
                j++;
                while (j < contentType.length() && contentType.charAt(j) != '"') {
                    char c = contentType.charAt(j++);
                    if (c == '\\' && j < contentType.length()) {
                        c = contentType.charAt(j++);
                    }
                    value.append(c);
                }
                j = contentType.indexOf(';', j);
            } else {
                int end = contentType.indexOf(';', j);
                value.append(contentType, j, end < 0 ? contentType.length() : end);
                j = end;
            }
            if (name.equals("boundary") && !value.toString().trim().isEmpty()) {
                return value.toString().trim();
            }
            i = j;
        }
        throw new IOException("no boundary parameter in Content-Type " + contentType);
    }

    /**
     * The next part's body, or null after the closing delimiter. Whatever the previous part's reader left unread is
     * skipped first.
     *
     * @throws EOFException when the stream ends before the closing delimiter
     * @throws IOException when a delimiter line or part header is malformed, or reading fails
     */
    public Part nextPart() throws IOException {
        if (current != null) {
            current.skipRest();
            current = null;
        }
        if (finished) {
            return null;
        }
        if (!started) {
            started = true;
            try {
                for (int n; (n = bodyAvailable()) > 0; ) {
                    pos += n; // the preamble
                }
            } catch (EOFException e) {
                if (streamBytes == 0) {
                    finished = true; // an empty body: no parts
                    return null;
                }
                throw new EOFException("multipart body has no delimiter --" + boundaryText());
            }
        }
        // pos is at a delimiter.
        pos += delimiter.length;
        resetScan();
        ensure(2);
        if (limit - pos < 2) {
            throw new EOFException("multipart body ended inside a delimiter");
        }
        if (buf[pos] == '-' && buf[pos + 1] == '-') {
            finished = true; // the closing delimiter; the epilogue is not read
            return null;
        }
        String rest = readLine();
        if (!rest.isBlank()) {
            throw new IOException("malformed multipart delimiter line: --" + boundaryText() + rest);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        String name = null;
        for (int lines = 0; ; lines++) {
            String line = readLine();
            if (line.isEmpty()) {
                break;
            }
            if (lines >= MAX_HEADER_LINES) {
                throw new IOException("more than " + MAX_HEADER_LINES + " header lines in a multipart part");
            }
            if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && name != null) {
                headers.merge(name, " " + line.trim(), String::concat); // obsolete line folding
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IOException("malformed multipart part header: " + line);
            }
            name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            headers.put(name, line.substring(colon + 1).trim());
        }
        resetScan();
        parts++;
        current = new Part(Collections.unmodifiableMap(headers));
        return current;
    }

    /** How many parts have been started so far. */
    public int parts() {
        return parts;
    }

    /** The body bytes of all parts so far, read or skipped; headers, delimiters, preamble and epilogue left out. */
    public long bodyBytes() {
        return bodyBytes;
    }

    /**
     * How many bytes from pos belong to the current body for sure: 0 when the next delimiter starts at pos. Reads
     * more when it cannot tell.
     */
    private int bodyAvailable() throws IOException {
        if (pos < bodyEnd) {
            return bodyEnd - pos;
        }
        if (delimiterAt == pos) {
            return 0;
        }
        if (limit - pos < delimiter.length) {
            ensure(delimiter.length);
        }
        int at = indexOfDelimiter();
        if (at >= 0) {
            delimiterAt = at;
            bodyEnd = at;
            return at - pos;
        }
        // No whole delimiter in the buffer; its last delimiter.length - 1 bytes may begin one.
        int safe = limit - pos - delimiter.length + 1;
        if (safe <= 0) {
            throw new EOFException("multipart body ended before its closing delimiter --" + boundaryText() + "--");
        }
        bodyEnd = pos + safe;
        return safe;
    }

    /** The first delimiter from pos in the buffer, or -1: Horspool's search, which skips most body bytes unread. */
    private int indexOfDelimiter() {
        int m = delimiter.length;
        byte lastByte = delimiter[m - 1];
        for (int i = pos + m - 1; i < limit; i += shift[buf[i] & 0xff]) {
            if (buf[i] != lastByte) {
                continue;
            }
            int start = i - m + 1;
            int j = m - 2;
            while (j >= 0 && buf[start + j] == delimiter[j]) {
                j--;
            }
            if (j < 0) {
                return start;
            }
        }
        return -1;
    }

    /** Reads until at least need bytes are buffered from pos, or the stream ends. */
    private void ensure(int need) throws IOException {
        if (limit - pos >= need) {
            return;
        }
        if (pos > 0) {
            // Only a short tail is left whenever this runs in a body, so compacting costs little.
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            bodyEnd = Math.max(0, bodyEnd - pos);
            delimiterAt = delimiterAt < 0 ? -1 : delimiterAt - pos;
            pos = 0;
        }
        while (limit < need && !eof) {
            int n = in.read(buf, limit, buf.length - limit);
            if (n < 0) {
                eof = true;
            } else {
                limit += n;
                streamBytes += n;
            }
        }
    }

    private void resetScan() {
        bodyEnd = pos;
        delimiterAt = -1;
    }

    /** A header line without its CRLF, as ISO-8859-1. */
    private String readLine() throws IOException {
        int from = pos;
        while (true) {
            for (int i = from; i + 1 < limit; i++) {
                if (buf[i] == '\r' && buf[i + 1] == '\n') {
                    String line = new String(buf, pos, i - pos, StandardCharsets.ISO_8859_1);
                    pos = i + 2;
                    return line;
                }
            }
            int have = limit - pos;
            if (have >= Math.min(MAX_HEADER_LINE, buf.length - 1)) {
                throw new IOException("multipart header line longer than " + have + " bytes");
            }
            if (eof) {
                throw new EOFException("multipart body ended inside a part's headers");
            }
            ensure(have + 1);
            from = pos + Math.max(0, have - 1);
        }
    }

    private String boundaryText() {
        return new String(delimiter, 4, delimiter.length - 4, StandardCharsets.ISO_8859_1);
    }

    /** One part: its headers, and its body as a stream that ends where the part does. */
    public final class Part extends InputStream {

        private final Map<String, String> headers;
        private boolean ended;

        private Part(Map<String, String> headers) {
            this.headers = headers;
        }

        /** The part's headers, names in lower case, e.g. {@code content-type}. */
        public Map<String, String> headers() {
            return headers;
        }

        /** The part's Content-Type, or null. */
        public String contentType() {
            return headers.get("content-type");
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (ended || current != this) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            int n = bodyAvailable();
            if (n == 0) {
                ended = true;
                return -1;
            }
            n = Math.min(n, len);
            System.arraycopy(buf, pos, b, off, n);
            pos += n;
            bodyBytes += n;
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            if (ended || current != this || n <= 0) {
                return 0;
            }
            int k = (int) Math.min(n, bodyAvailable());
            pos += k;
            bodyBytes += k;
            if (k == 0) {
                ended = true;
            }
            return k;
        }

        @Override
        public int available() {
            return ended || current != this ? 0 : Math.max(0, bodyEnd - pos);
        }

        /** Does nothing: the rest of the part is skipped by the next {@link #nextPart()}. */
        @Override
        public void close() {}

        private void skipRest() throws IOException {
            while (!ended) {
                if (skip(Long.MAX_VALUE) == 0) {
                    ended = true;
                }
            }
        }
    }
}
