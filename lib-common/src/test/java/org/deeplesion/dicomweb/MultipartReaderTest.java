package org.deeplesion.dicomweb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.deeplesion.dicomweb.MultipartFixtures.BOUNDARY;
import static org.deeplesion.dicomweb.MultipartFixtures.ascii;
import static org.deeplesion.dicomweb.MultipartFixtures.multipart;
import static org.deeplesion.dicomweb.MultipartFixtures.trickle;
import static org.deeplesion.dicomweb.MultipartFixtures.trickyBody;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class MultipartReaderTest {

    private static List<byte[]> readAll(MultipartReader reader) throws IOException {
        List<byte[]> parts = new ArrayList<>();
        for (InputStream part; (part = reader.nextPart()) != null; ) {
            parts.add(part.readAllBytes());
        }
        return parts;
    }

    private static final List<byte[]> PARTS =
            List.of(ascii("first instance"), new byte[0], trickyBody(BOUNDARY), ascii("\r\n"), ascii("last"));

    @Test
    void partsComeOutWhole() throws IOException {
        MultipartReader reader = new MultipartReader(new ByteArrayInputStream(multipart(BOUNDARY, PARTS)), BOUNDARY);

        assertThat(readAll(reader)).containsExactlyElementsOf(PARTS);
        assertThat(reader.parts()).isEqualTo(5);
        assertThat(reader.bodyBytes())
                .isEqualTo(PARTS.stream().mapToLong(p -> p.length).sum());
    }

    @Test
    void partsSplitAcrossEveryChunkBoundaryComeOutWhole() throws IOException {
        byte[] body = multipart(BOUNDARY, PARTS);
        // Small buffers force the delimiter to straddle refills; reads of 1 to 37 bytes, alone and mixed.
        for (int bufferSize : new int[] {2 * ("\r\n--" + BOUNDARY).length() + 4, 97, 4096}) {
            for (int size = 1; size <= 37; size++) {
                MultipartReader reader =
                        new MultipartReader(trickle(body, size, 1, 2 * size + 1), BOUNDARY, bufferSize);
                assertThat(readAll(reader))
                        .as("buffer %d, reads of %d", bufferSize, size)
                        .containsExactlyElementsOf(PARTS);
            }
        }
    }

    @Test
    void partsReadByteByByteComeOutWhole() throws IOException {
        MultipartReader reader = new MultipartReader(trickle(multipart(BOUNDARY, PARTS), 3), BOUNDARY, 64);
        List<byte[]> parts = new ArrayList<>();
        for (InputStream part; (part = reader.nextPart()) != null; ) {
            var bytes = new ByteArrayOutputStream();
            for (int b; (b = part.read()) >= 0; ) {
                bytes.write(b);
            }
            parts.add(bytes.toByteArray());
        }

        assertThat(parts).containsExactlyElementsOf(PARTS);
    }

    @Test
    void aDelimiterLikeSequenceInsideABodyIsData() throws IOException {
        byte[] tricky = trickyBody(BOUNDARY);
        MultipartReader reader =
                new MultipartReader(new ByteArrayInputStream(multipart(BOUNDARY, List.of(tricky, tricky))), BOUNDARY);

        assertThat(readAll(reader)).containsExactly(tricky, tricky);
    }

    @Test
    void partHeadersAreReadWithLowerCaseNames() throws IOException {
        byte[] body = ascii("--b\r\nContent-Type: application/dicom;transfer-syntax=1.2.840.10008.1.2.1\r\n"
                + "X-Folded: one\r\n two\r\n\r\nDICM\r\n--b--");
        MultipartReader reader = new MultipartReader(new ByteArrayInputStream(body), "b");

        MultipartReader.Part part = reader.nextPart();

        assertThat(part.contentType()).isEqualTo("application/dicom;transfer-syntax=1.2.840.10008.1.2.1");
        assertThat(part.headers()).containsEntry("x-folded", "one two");
        assertThat(part.readAllBytes()).isEqualTo(ascii("DICM"));
        assertThat(reader.nextPart()).isNull();
    }

    @Test
    void whatASinkLeavesUnreadIsSkippedAndCounted() throws IOException {
        MultipartReader reader = new MultipartReader(new ByteArrayInputStream(multipart(BOUNDARY, PARTS)), BOUNDARY);

        InputStream first = reader.nextPart();
        assertThat(first.read()).isEqualTo('f');
        first.close();
        InputStream second = reader.nextPart();

        assertThat(first.read()).as("an earlier part ends when the next begins").isEqualTo(-1);
        assertThat(second.readAllBytes()).isEmpty();
        while (reader.nextPart() != null) {
            // skip the rest unread
        }
        assertThat(reader.parts()).isEqualTo(5);
        assertThat(reader.bodyBytes())
                .isEqualTo(PARTS.stream().mapToLong(p -> p.length).sum());
    }

    @Test
    void aTwentyMegabytePartStreamsThroughTheBuffer() throws IOException {
        long size = 20L << 20;
        InputStream body = new SequenceInputStream(Collections.enumeration(List.of(
                new ByteArrayInputStream(ascii("--" + BOUNDARY + "\r\nContent-Type: application/dicom\r\n\r\n")),
                MultipartFixtures.generated(size, 7),
                new ByteArrayInputStream(ascii("\r\n--" + BOUNDARY + "--\r\n")))));
        MultipartReader reader = new MultipartReader(body, BOUNDARY);

        long[] crcAndLength = MultipartFixtures.crcAndLength(reader.nextPart());

        assertThat(crcAndLength).containsExactly(MultipartFixtures.generatedCrc(size, 7), size);
        assertThat(reader.nextPart()).isNull();
        assertThat(reader.bodyBytes()).isEqualTo(size);
    }

    @Test
    void zeroPartsIsOnlyTheClosingDelimiter() throws IOException {
        MultipartReader reader =
                new MultipartReader(new ByteArrayInputStream(ascii("--" + BOUNDARY + "--\r\n")), BOUNDARY);

        assertThat(reader.nextPart()).isNull();
        assertThat(reader.nextPart()).isNull();
        assertThat(reader.parts()).isZero();
    }

    @Test
    void anEmptyBodyHasNoParts() throws IOException {
        MultipartReader reader = new MultipartReader(InputStream.nullInputStream(), BOUNDARY);

        assertThat(reader.nextPart()).isNull();
    }

    @Test
    void aBodyCutShortFailsAsEndOfFile() {
        byte[] whole = multipart(BOUNDARY, PARTS);
        for (int cut : new int[] {10, 100, whole.length - 40, whole.length - 30}) {
            byte[] body = Arrays.copyOf(whole, cut);
            MultipartReader reader = new MultipartReader(new ByteArrayInputStream(body), BOUNDARY);

            assertThatThrownBy(() -> readAll(reader)).as("cut at %d", cut).isInstanceOf(EOFException.class);
        }
    }

    @Test
    void aBoundaryFollowedByOtherTextIsMalformed() {
        byte[] body = ascii("--" + BOUNDARY + "\r\n\r\nx\r\n--" + BOUNDARY + "X\r\n\r\ny\r\n--" + BOUNDARY + "--");
        MultipartReader reader = new MultipartReader(new ByteArrayInputStream(body), BOUNDARY);

        assertThatThrownBy(() -> readAll(reader))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("malformed multipart delimiter line");
    }

    @Test
    void theBoundaryIsReadFromTheContentTypeQuotedOrNot() throws IOException {
        assertThat(MultipartReader.boundary("multipart/related; type=\"application/dicom\"; boundary=abc-123"))
                .isEqualTo("abc-123");
        assertThat(MultipartReader.boundary("Multipart/Related;boundary=\"a;b =c\";type=\"application/dicom\""))
                .isEqualTo("a;b =c");
        assertThat(MultipartReader.boundary(
                        "multipart/related; type=\"application/dicom; x=1\"; BOUNDARY = xyz ;" + " start=1"))
                .isEqualTo("xyz");
        assertThat(MultipartReader.boundary("multipart/related; novalue; boundary=q"))
                .isEqualTo("q");
    }

    @Test
    void aContentTypeWithoutBoundaryOrNotMultipartIsRefused() {
        assertThatThrownBy(() -> MultipartReader.boundary("application/dicom"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("application/dicom");
        assertThatThrownBy(() -> MultipartReader.boundary("multipart/related; type=\"application/dicom\""))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("no boundary");
        assertThatThrownBy(() -> MultipartReader.boundary(null)).isInstanceOf(IOException.class);
    }
}
