package org.deeplesion.dicomweb;

import static java.util.Objects.requireNonNull;

/** A bearer token; the token never shows in toString. */
record BearerAuth(String token) implements DicomWebAuth {
    BearerAuth {
        requireNonNull(token, "token");
        if (token.isBlank() || token.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw new IllegalArgumentException("a bearer token must be printable ASCII without spaces");
        }
    }

    /** The Authorization header's value, or null for none; never logged. */
    String authorization() {
        return "Bearer " + token;
    }

    @Override
    public String toString() {
        return "bearer(token hidden)";
    }
}
