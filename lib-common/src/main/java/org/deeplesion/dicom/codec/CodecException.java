package org.deeplesion.dicom.codec;

import java.io.IOException;

/** Thrown for malformed or unsupported compressed pixel data; the message names the problem and where it was found. */
public final class CodecException extends IOException {
    private static final long serialVersionUID = 1L;

    public CodecException(String message) {
        super(message);
    }

    public CodecException(String message, Throwable cause) {
        super(message, cause);
    }
}
