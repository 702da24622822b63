package org.deeplesion.dicomweb;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** HTTP Basic authentication; the password never shows in toString. */
record BasicAuth(String user, String password) implements DicomWebAuth {
    BasicAuth {
        requireNonNull(user, "user");
        requireNonNull(password, "password");
        if (user.indexOf(':') >= 0) {
            // RFC 7617: the first colon separates user from password.
            throw new IllegalArgumentException("a Basic user name cannot contain ':' (user " + user + ")");
        }
    }

    /** The Authorization header's value, or null for none; never logged. */
    String authorization() {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "basic(" + user + ", password hidden)";
    }
}
