package org.deeplesion.dicomweb;

/** No Authorization header. */
record NoAuth() implements DicomWebAuth {
    static final NoAuth INSTANCE = new NoAuth();

    /** The Authorization header's value, or null for none; never logged. */
    String authorization() {
        return null;
    }

    @Override
    public String toString() {
        return "none";
    }
}
