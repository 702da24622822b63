package org.deeplesion.dicomweb;

import java.io.Serializable;

/**
 * How to authenticate to a DICOMweb server. Serializable so that settings can travel to Spark executors; {@code
 * toString()} never shows a password or token.
 */
public sealed interface DicomWebAuth extends Serializable permits NoAuth, BasicAuth, BearerAuth {

    /** No Authorization header. */
    static DicomWebAuth none() {
        return NoAuth.INSTANCE;
    }

    /** HTTP Basic: {@code Authorization: Basic base64(user:password)}, UTF-8. */
    static DicomWebAuth basic(String user, String password) {
        return new BasicAuth(user, password);
    }

    /** {@code Authorization: Bearer token}, e.g. an OAuth access token. */
    static DicomWebAuth bearer(String token) {
        return new BearerAuth(token);
    }
}
